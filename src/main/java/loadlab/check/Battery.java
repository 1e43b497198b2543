package loadlab.check;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpResponse;
import loadlab.http.MalformedResponseException;
import loadlab.http.ResponseParser;

/**
 * The lab's server correctness battery, for any server that echoes HTTP requests: ours, a student's
 * in any language, nginx with an echo config. Each case is a few raw-socket exchanges read with the
 * strict {@link ResponseParser}, and ends in a pass or in a sentence saying what came back. An
 * instructor grades a server with it ({@code loadlab check --external 'CMD {port}'}).
 *
 * <p>What an echo is, here: a 2xx whose body is exactly the bytes of the request, head and body.
 *
 * <p>A response the strict parser refuses (a bare LF, no Content-Length) is read again as locust
 * reads it, and the case says what that showed too: a student learns from "bare LF" alone only the
 * first of the server's faults, and from "read as locust reads it: SocketException: Connection reset"
 * (a 64 KiB request read 1,024 bytes at a time, once) the next.
 */
public final class Battery {

    /** One case's verdict: passed, or what was received instead. */
    public record Outcome(String name, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "PASS  " : "FAIL  ") + name + (passed ? "" : ": " + detail);
        }
    }

    @FunctionalInterface
    private interface Case {
        /** Null when it passed, else what went wrong. */
        String run(InetSocketAddress server) throws Exception;
    }

    private record Named(String name, Case check) { }

    static final int TIMEOUT_MILLIS = 5_000;
    static final int CONCURRENT_CLIENTS = 50;

    private static final List<Named> CASES = List.of(
            new Named("a GET is echoed byte-exact", s -> echoes(s, get("/check/get?x=1", false))),
            new Named("a POST of 100 bytes is echoed byte-exact", s -> echoes(s, post("/check/post", 100))),
            new Named("a POST of 64 KiB is echoed byte-exact", s -> echoes(s, post("/check/post", 64 * 1024))),
            new Named("keep-alive: two requests on one connection", Battery::keepAlive),
            new Named("Connection: close is answered, then the connection closed", Battery::closes),
            new Named(CONCURRENT_CLIENTS + " concurrent clients, each echoed", Battery::concurrent),
            new Named("a malformed request line gets 400", s -> status(s, "GARBAGE\r\n\r\n", 400)),
            new Named("bare LF line ends get 400", s -> status(s, "GET / HTTP/1.1\nHost: loadlab\n\n", 400)),
            new Named("headers over 8 KiB get 431", s -> status(s, "GET / HTTP/1.1\r\nHost: loadlab\r\nX-Big: "
                    + "x".repeat(9 * 1024) + "\r\n\r\n", 431)),
            new Named("a body over 1 MiB gets 413", s -> status(s, "POST / HTTP/1.1\r\nHost: loadlab\r\nContent-Length: "
                    + (2 * 1024 * 1024) + "\r\n\r\n", 413)),
            new Named("Content-Length with Transfer-Encoding gets 400", s -> status(s, "POST / HTTP/1.1\r\nHost: loadlab\r\n"
                    + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400)),
            new Named("a client that disconnects mid-request breaks nothing", Battery::disconnects));

    private Battery() { }

    /** Every case against the server at {@code server}, in order. */
    public static List<Outcome> run(InetSocketAddress server) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Named c : CASES) {
            String failure;
            try {
                failure = c.check().run(server);
            } catch (Exception e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            outcomes.add(new Outcome(c.name(), failure == null, failure));
        }
        return outcomes;
    }

    static byte[] get(String path, boolean close) {
        return ascii("GET " + path + " HTTP/1.1\r\nHost: loadlab\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n");
    }

    static byte[] post(String path, int bodyBytes) {
        byte[] head = ascii("POST " + path + " HTTP/1.1\r\nHost: loadlab\r\nContent-Length: " + bodyBytes + "\r\n\r\n");
        byte[] request = Arrays.copyOf(head, head.length + bodyBytes);
        for (int i = 0; i < bodyBytes; i++) {
            request[head.length + i] = (byte) ('a' + i % 26);
        }
        return request;
    }

    private static Socket connect(InetSocketAddress server) throws IOException {
        Socket socket = new Socket();
        socket.connect(server, TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    /** The socket's input, buffered so that a response the strict parser refused can be read again. */
    private static InputStream input(Socket socket) throws IOException {
        return new BufferedInputStream(socket.getInputStream(), 64 * 1024);
    }

    /**
     * Sends {@code request} and reads one response with the strict parser.
     *
     * @throws MalformedResponseException if the strict parser refuses it; the message also says what
     *     the response was when read as locust reads it
     */
    private static HttpResponse exchange(Socket socket, InputStream in, byte[] request, String method) throws IOException {
        return exchange(socket, in, request, method, false);
    }

    /** As above; {@code headOnly}: the status line and headers are all the case needs. */
    private static HttpResponse exchange(Socket socket, InputStream in, byte[] request, String method, boolean headOnly)
            throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request);
        out.flush();
        in.mark(ResponseParser.MAX_HEAD_BYTES);
        try {
            return headOnly ? ResponseParser.readFinalHead(in) : ResponseParser.read(in, method);
        } catch (MalformedResponseException strict) {
            try {
                in.reset();
            } catch (IOException pastTheMark) { // refused deep in a body: nothing to read again
                throw strict;
            }
            throw new MalformedResponseException(strict.getMessage() + "; read as locust reads it: " + leniently(in, request, method));
        }
    }

    /** What the response is when a bare LF ends a line and the close ends a body without Content-Length. */
    private static String leniently(InputStream in, byte[] request, String method) {
        try {
            HttpResponse response = ResponseParser.readBody(in, ResponseParser.readFinalHead(in, true), method, true);
            String wrong = notTheEcho(response, request);
            String framing = ResponseParser.delimitedByClose(response) ? ", its body ended by the close" : "";
            return response.status() + " " + response.reason() + ", " + (wrong == null ? "the echo" : wrong) + framing;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private static String echoes(InetSocketAddress server, byte[] request) throws IOException {
        try (Socket socket = connect(server)) {
            return notTheEcho(exchange(socket, input(socket), request, method(request)), request);
        }
    }

    /** Null if {@code response} is the echo of {@code request}, else what it was. */
    private static String notTheEcho(HttpResponse response, byte[] request) {
        if (response.status() / 100 != 2) {
            return "got " + response.status() + " " + response.reason() + ", not a 2xx";
        }
        if (!Arrays.equals(response.body(), request)) {
            return "the body is " + response.body().length + " bytes (\"" + firstLine(response.body()) + "\"), the request was "
                    + request.length + " bytes (\"" + firstLine(request) + "\"): not the echo";
        }
        return null;
    }

    private static String keepAlive(InetSocketAddress server) throws IOException {
        try (Socket socket = connect(server)) {
            InputStream in = input(socket);
            for (int i = 1; i <= 2; i++) {
                byte[] request = get("/check/keep-alive/" + i, false);
                String wrong = notTheEcho(exchange(socket, in, request, "GET"), request);
                if (wrong != null) {
                    return "request " + i + " on the connection: " + wrong;
                }
            }
            return null;
        }
    }

    private static String closes(InetSocketAddress server) throws IOException {
        try (Socket socket = connect(server)) {
            byte[] request = get("/check/close", true);
            InputStream in = input(socket);
            String wrong = notTheEcho(exchange(socket, in, request, "GET"), request);
            if (wrong != null) {
                return wrong;
            }
            int next = in.read();
            return next < 0 ? null : "after the response the server sent more bytes instead of closing";
        } catch (java.net.SocketTimeoutException open) {
            return "the connection was still open " + TIMEOUT_MILLIS + " ms after the response to a Connection: close request";
        }
    }

    private static String concurrent(InetSocketAddress server) throws Exception {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < CONCURRENT_CLIENTS; i++) {
                byte[] request = get("/check/concurrent/" + i, true);
                results.add(clients.submit(() -> echoes(server, request)));
            }
            int failed = 0;
            String first = null;
            for (Future<String> result : results) {
                String wrong;
                try {
                    wrong = result.get(3L * TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    wrong = e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage();
                }
                if (wrong != null) {
                    failed++;
                    first = first == null ? wrong : first;
                }
            }
            return failed == 0 ? null : failed + " of " + CONCURRENT_CLIENTS + " failed, the first: " + first;
        }
    }

    private static String status(InetSocketAddress server, String request, int expected) throws IOException {
        try (Socket socket = connect(server)) {
            // The head only: a server may keep the connection open a while after its error, for the body it
            // refused (nginx waits its lingering_timeout, 5 s, for the 2 MiB that never come).
            HttpResponse response = exchange(socket, input(socket), ascii(request), "GET", true);
            return response.status() == expected ? null : "got " + response.status() + " " + response.reason();
        }
    }

    private static String disconnects(InetSocketAddress server) throws IOException {
        try (Socket socket = connect(server)) {
            socket.getOutputStream().write(ascii("POST /check/gone HTTP/1.1\r\nHost: loadlab\r\nContent-Length: 100\r\n\r\npart"));
        } // then a plain close, mid-body
        String wrong = echoes(server, get("/check/after", true));
        return wrong == null ? null : "the next client: " + wrong;
    }

    private static String method(byte[] request) {
        return new String(request, 0, 4, StandardCharsets.US_ASCII).startsWith("GET") ? "GET" : "POST";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String firstLine(byte[] bytes) {
        return ResponseParser.firstLine(bytes, bytes.length, 60);
    }
}
