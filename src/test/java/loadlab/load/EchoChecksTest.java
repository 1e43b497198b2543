package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;

/**
 * The generator's checks of the echo that look at the head alone: the response to HEAD (a
 * Content-Length equal to the request's length, and no body), and a 2xx whose Content-Length
 * can't be the echo, which is refused before its body is read. And the check before a run that
 * there are descriptors enough for its connections.
 */
class EchoChecksTest {

    private static final Duration TIMEOUT = ofMillis(500);

    @Test
    void headRequestsToAnEchoServerAllSucceed() throws Exception {
        try (EchoServer server = Models.start("event-loop", ServerConfig.defaults())) {
            TrialResult r = LoadGenerator.run(spec(server.uri().toString(), RequestTemplate.get().withMethod("HEAD")));
            assertThat(r.failures()).as("failures: %s", r.failureExamples()).isZero();
            assertThat(r.successes()).isPositive();
        }
    }

    @Test
    void aResponseToHeadWithABodyIsAWrongEcho() throws Exception {
        try (FaultServer server = FaultServer.start(socket -> {
            RequestParser parser = FaultServer.parser();
            OutputStream out = socket.getOutputStream();
            for (HttpRequest request = FaultServer.readRequest(parser, socket.getInputStream()); request != null;
                 request = FaultServer.readRequest(parser, socket.getInputStream())) {
                // as if it were GET, in one write: a body that comes with the head is caught with it (one
                // that comes later breaks the next response, which the strict parser refuses)
                byte[] head = HttpResponses.echoHead(request, true);
                byte[] withBody = java.util.Arrays.copyOf(head, head.length + request.raw().length);
                System.arraycopy(request.raw(), 0, withBody, head.length, request.raw().length);
                out.write(withBody);
            }
        })) {
            assertOnly(LoadGenerator.run(spec(server.uri().toString(), RequestTemplate.get().withMethod("HEAD"))),
                    FailureCategory.WRONG_ECHO, "HEAD has a body");
        }
    }

    // A server that announces 10 MB and sends none of it: were the body read first, each request
    // would wait out its read timeout and count as READ_TIMEOUT.
    @Test
    void aContentLengthThatCannotBeTheEchoIsRefusedBeforeTheBodyIsRead() throws Exception {
        try (FaultServer server = FaultServer.start(socket -> {
            RequestParser parser = FaultServer.parser();
            OutputStream out = socket.getOutputStream();
            while (FaultServer.readRequest(parser, socket.getInputStream()) != null) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        })) {
            TrialResult r = LoadGenerator.run(spec(server.uri().toString(), RequestTemplate.get()));
            assertOnly(r, FailureCategory.WRONG_ECHO, "Content-Length is 10000000");
            assertThat(r.failures()).as("many in 1 s: none waited for its read timeout").isGreaterThan(4);
        }
    }

    @Test
    void aRunNeedingMoreDescriptorsThanTheLimitAllowsSaysSoBeforeItStarts() {
        assertThatThrownBy(() -> DescriptorLimit.check(LoadSpec.to(URI.create("http://127.0.0.1:1/")).closed(100_000_000, Double.POSITIVE_INFINITY, ThinkTime.none()).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("100000000 connections").hasMessageContaining("ulimit -n");
        DescriptorLimit.check(LoadSpec.to(URI.create("http://127.0.0.1:1/")).closed(10, Double.POSITIVE_INFINITY, ThinkTime.none()).build()); // fits
    }

    @Test
    void readLenientlyTheSeedsAnswersToSmallRequestsAreEchoesAndLargeOnesFail() throws Exception {
        try (EchoServer server = Models.start("naive", ServerConfig.defaults())) {
            LoadSpec.Builder small = LoadSpec.to(server.uri()).closed(2, Double.POSITIVE_INFINITY, ThinkTime.none())
                    .duration(ofSeconds(1)).connectTimeout(TIMEOUT).readTimeout(TIMEOUT);
            TrialResult strict = LoadGenerator.run(small.build());
            assertThat(strict.successes()).as("the strict reader refuses the bare LF").isZero();
            assertThat(strict.failuresByCategory()).containsOnlyKeys(FailureCategory.MALFORMED_RESPONSE);

            TrialResult lenient = LoadGenerator.run(small.lenient(true).build());
            assertThat(lenient.failures()).as("failures: %s", lenient.failureExamples()).isZero();
            assertThat(lenient.successes()).isPositive();

            // 4 KiB: one read of 1,024 bytes is echoed, the rest reset. Never an echo, leniently or not.
            TrialResult large = LoadGenerator.run(small.request(RequestTemplate.post("/", 4096)).build());
            assertThat(large.successes()).isZero();
            assertThat(large.failuresByCategory().keySet()).isNotEmpty().isSubsetOf(FailureCategory.WRONG_ECHO,
                    FailureCategory.CONNECTION_RESET);
        }
    }

    private static LoadSpec spec(String url, RequestTemplate request) {
        return LoadSpec.to(java.net.URI.create(url)).closed(2, Double.POSITIVE_INFINITY, ThinkTime.none())
                .request(request).duration(ofSeconds(1)).warmup(Duration.ZERO)
                .connectTimeout(TIMEOUT).readTimeout(TIMEOUT).build();
    }

    private static void assertOnly(TrialResult r, FailureCategory category, String example) {
        assertThat(r.successes()).isZero();
        assertThat(r.failuresByCategory()).isEqualTo(Map.of(category, r.failures()));
        assertThat(r.failureExamples().get(category).get(0)).contains(example);
    }
}
