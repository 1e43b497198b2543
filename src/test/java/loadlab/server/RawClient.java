package loadlab.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;

/**
 * A socket client for tests: it sends exactly the bytes it is given and reads responses with the
 * strict {@link ResponseParser}. Every read is bounded by a timeout, so a server that hangs fails
 * the test instead of stalling it.
 */
final class RawClient implements AutoCloseable {

    static final int DEFAULT_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawClient connect(EchoServer server) throws IOException {
        return connect(server, DEFAULT_TIMEOUT_MILLIS);
    }

    static RawClient connect(EchoServer server, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // each send goes out as it is, so pieces arrive as pieces
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), timeoutMillis);
            return new RawClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    RawClient send(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends the bytes cut at the given positions (ascending), pausing between pieces so they arrive apart. */
    RawClient sendInPieces(byte[] bytes, int[] cuts) throws IOException, InterruptedException {
        int from = 0;
        for (int cut : cuts) {
            if (cut > from && cut < bytes.length) {
                out.write(bytes, from, cut - from);
                out.flush();
                from = cut;
                Thread.sleep(1);
            }
        }
        out.write(bytes, from, bytes.length - from);
        out.flush();
        return this;
    }

    /** Reads one response; throws MalformedResponseException if it is not valid HTTP/1.1. */
    HttpResponse read() throws IOException {
        return ResponseParser.read(in);
    }

    HttpResponse exchange(String request) throws IOException {
        return send(request).read();
    }

    /**
     * Waits for the server's next move: true if it closed its side cleanly (FIN), false if it sent
     * a byte, which stays unread. A reset or the read timeout throws.
     */
    boolean serverClosed() throws IOException {
        in.mark(1);
        if (in.read() < 0) {
            return true;
        }
        in.reset();
        return false;
    }

    /** Closes our sending side (FIN) but keeps reading: the server sees the end of the request stream. */
    void finishSending() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with a reset (RST) instead of a FIN, as a client that crashes does. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    Socket socket() {
        return socket;
    }

    InputStream in() {
        return in;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
