package loadlab.server;

import static loadlab.server.Requests.assertEchoes;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpLimits;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponse;
import loadlab.http.RequestParser;
import loadlab.http.ResponseParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every model that speaks correct HTTP echoes every request, byte for byte, whoever the client is. */
public class EchoTest {

    // Two prefork workers whatever the core count: enough to share a port, cheap to start.
    private static final RunningServers servers = new RunningServers(ServerConfig.defaults().withWorkers(2));

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    static List<String> models() {
        return Models.correctNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void echoesAGet(String model) throws IOException {
        String request = "GET /hello?name=world HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n";
        try (RawClient client = RawClient.connect(servers.get(model))) {
            HttpResponse response = client.exchange(request);
            assertEchoes(response, request);
            assertThat(response.header("Connection")).hasValue("keep-alive");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void echoesAPostWithEveryByteValueInItsBody(String model) throws IOException {
        byte[] request = Requests.post("/upload", Requests.allByteValues(10_000));
        try (RawClient client = RawClient.connect(servers.get(model))) {
            assertEchoes(client.send(request).read(), request);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void servesThreeRequestsOnOneKeepAliveConnection(String model) throws IOException {
        String first = Requests.get("/1");
        byte[] second = Requests.post("/2", "second".getBytes(StandardCharsets.US_ASCII));
        String third = Requests.get("/3");
        try (RawClient client = RawClient.connect(servers.get(model))) {
            assertEchoes(client.exchange(first), first);
            assertEchoes(client.send(second).read(), second);
            HttpResponse last = client.exchange(third);
            assertEchoes(last, third);
            assertThat(last.closes()).as("still keep-alive after three requests").isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void closesAfterTheResponseWhenTheClientSaysConnectionClose(String model) throws IOException {
        String request = "GET /bye HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        try (RawClient client = RawClient.connect(servers.get(model))) {
            HttpResponse response = client.exchange(request);
            assertEchoes(response, request);
            assertThat(response.header("Connection")).hasValue("close");
            assertThat(client.serverClosed()).as("the server closed the connection").isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void closesAnHttp10ConnectionUnlessTheClientAsksToKeepIt(String model) throws IOException {
        String plain = "GET /old HTTP/1.0\r\n\r\n";
        try (RawClient client = RawClient.connect(servers.get(model))) {
            HttpResponse response = client.exchange(plain);
            assertEchoes(response, plain);
            assertThat(response.header("Connection")).hasValue("close");
            assertThat(client.serverClosed()).as("HTTP/1.0 closes by default").isTrue();
        }
        String keepAlive = "GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
        try (RawClient client = RawClient.connect(servers.get(model))) {
            HttpResponse response = client.exchange(keepAlive);
            assertEchoes(response, keepAlive);
            assertThat(response.header("Connection")).hasValue("keep-alive");
            assertEchoes(client.exchange(keepAlive), keepAlive); // the same connection, still open
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void answersHeadWithTheEchosHeadAndNoBody(String model) throws IOException {
        String head = "HEAD /peek HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String get = Requests.get("/after");
        try (RawClient client = RawClient.connect(servers.get(model))) {
            HttpResponse response = ResponseParser.read(client.send(head).in(), "HEAD");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Length")).hasValue(String.valueOf(head.length()));
            assertThat(response.body()).isEmpty();
            assertEchoes(client.exchange(get), get); // no stray body bytes before this response
        }
    }

    // Every client holds its connection open until all have connected, then all send at once. The
    // single-threaded and prefork servers serve them in turn; the others at the same time.
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void answersFiftyConcurrentClientsCorrectly(String model) throws Exception {
        EchoServer server = servers.get(model);
        int clients = 50;
        CountDownLatch connected = new CountDownLatch(clients);
        List<Future<byte[]>> echoes = new ArrayList<>();
        List<byte[]> requests = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                byte[] request = Requests.post("/client/" + i, ("body of client " + i).getBytes(StandardCharsets.US_ASCII));
                requests.add(request);
                echoes.add(pool.submit(() -> {
                    // process-per-connection starts 50 JVMs on a shared 2-core machine: give it time
                    try (RawClient client = RawClient.connect(server, 60_000)) {
                        connected.countDown();
                        connected.await(30, TimeUnit.SECONDS);
                        HttpResponse response = client.send(request).read();
                        assertThat(response.status()).isEqualTo(200);
                        return response.body();
                    }
                }));
            }
            for (int i = 0; i < clients; i++) {
                assertThat(echoes.get(i).get(90, TimeUnit.SECONDS)).as("echo to client " + i).isEqualTo(requests.get(i));
            }
        }
    }

    // The JDK's client is one we did not write: it checks our framing independently of ResponseParser.
    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void theJdkHttpClientGetsCorrectEchoes(String model) throws Exception {
        EchoServer server = servers.get(model);
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build()) {
            var get = client.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/jdk?q=1"))
                    .timeout(Duration.ofSeconds(20)).header("X-Loadlab", "jdk-client").GET().build(),
                    BodyHandlers.ofByteArray());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.headers().firstValue("Content-Type")).hasValue("message/http");
            HttpRequest echoedGet = parse(get.body());
            assertThat(echoedGet.method()).isEqualTo("GET");
            assertThat(echoedGet.target()).isEqualTo("/jdk?q=1");
            assertThat(echoedGet.header("X-Loadlab")).hasValue("jdk-client");

            var post = client.send(java.net.http.HttpRequest.newBuilder(server.uri().resolve("/jdk"))
                    .timeout(Duration.ofSeconds(20)).POST(BodyPublishers.ofString("hello from the JDK")).build(),
                    BodyHandlers.ofByteArray());
            assertThat(post.statusCode()).isEqualTo(200);
            HttpRequest echoedPost = parse(post.body());
            assertThat(echoedPost.method()).isEqualTo("POST");
            assertThat(echoedPost.header("Content-Length")).hasValue("18");
            assertThat(new String(echoedPost.body(), StandardCharsets.US_ASCII)).isEqualTo("hello from the JDK");
        }
    }

    /** The echoed bytes must themselves be exactly one complete request. */
    private static HttpRequest parse(byte[] echoed) throws Exception {
        RequestParser parser = new RequestParser(HttpLimits.defaults());
        parser.feed(echoed, 0, echoed.length);
        HttpRequest request = parser.next();
        assertThat(request).as("a complete request in the echo").isNotNull();
        assertThat(request.raw()).isEqualTo(echoed);
        return request;
    }
}
