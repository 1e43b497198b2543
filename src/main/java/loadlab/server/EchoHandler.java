package loadlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import loadlab.http.ByteBudget;
import loadlab.http.HttpError;
import loadlab.http.HttpLimits;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;

/**
 * Serves one connection with blocking I/O: read a whole request, do the work, echo it, and again
 * while the client keeps the connection alive. Every blocking model runs this same loop; they differ
 * only in which thread runs it. Every read waits at most until the {@link ConnectionClock}'s
 * deadline (idle, whole head, body rate), and every write at most one idle timeout
 * ({@link WriteDeadlines}), so no client can hold the thread for long.
 */
public final class EchoHandler {

    /** How a connection ended, so that the caller knows how to close it. */
    public enum Outcome {
        /** The client closed, or asked us to close and sent nothing more: a plain close is clean. */
        DONE,
        /** Unread bytes may remain (after an error, or sent after a last request): close with lingering. */
        LINGER
    }

    private EchoHandler() { }

    /** Serves a socket until the exchange ends, then closes it cleanly. Never throws. */
    static void serve(Socket socket, Work work, HttpLimits limits, ByteBudget budget, WriteDeadlines deadlines) {
        try (socket; OutputStream guarded = deadlines.guard(socket)) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            TimedInput reads = (into, timeoutMillis) -> {
                socket.setSoTimeout(timeoutMillis);
                return in.read(into);
            };
            Outcome outcome = serve(reads, guarded, work, limits, budget);
            if (outcome == Outcome.LINGER) {
                Sockets.lingeringClose(socket);
            }
        } catch (IOException ignored) {
            // The client went away (reset, broken pipe, a write past its deadline) or the server is closing.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        }
    }

    /**
     * The request-response loop over any byte source and sink: a socket's, or a CGI child's stdin
     * (read through a {@link TimedPipe}) and stdout.
     */
    static Outcome serve(TimedInput in, OutputStream out, Work work, HttpLimits limits, ByteBudget budget)
            throws IOException, InterruptedException {
        RequestParser parser = new RequestParser(limits, budget);
        ConnectionClock clock = new ConnectionClock(limits, System.nanoTime());
        byte[] chunk = new byte[16 * 1024];
        try {
            while (true) {
                HttpRequest request;
                try {
                    request = nextRequest(in, out, parser, clock, chunk, limits);
                } catch (HttpError e) {
                    out.write(HttpResponses.error(e));
                    out.flush();
                    return Outcome.LINGER;
                }
                if (request == null) {
                    return Outcome.DONE; // the client closed, or went quiet between requests
                }
                work.apply();
                writeEcho(out, request, chunk);
                parser.done(request);
                clock.progress(System.nanoTime());
                if (!request.keepAlive()) {
                    return parser.isMidRequest() ? Outcome.LINGER : Outcome.DONE;
                }
            }
        } finally {
            parser.close();
        }
    }

    // The head and the request's own bytes. A blocking socket has no gathering write, so a small echo
    // is put together in the read buffer (free while we write) and leaves in one write; a larger one
    // leaves in two, the request's bytes straight from their array.
    private static void writeEcho(OutputStream out, HttpRequest request, byte[] scratch) throws IOException {
        byte[] head = HttpResponses.echoHead(request, request.keepAlive());
        byte[] body = HttpResponses.echoHasBody(request) ? request.raw() : new byte[0];
        if (head.length + body.length <= scratch.length) {
            System.arraycopy(head, 0, scratch, 0, head.length);
            System.arraycopy(body, 0, scratch, head.length, body.length);
            out.write(scratch, 0, head.length + body.length);
        } else {
            out.write(head);
            out.write(body);
        }
        out.flush();
    }

    // Reads until a request is complete; null when the client closed, or was silent between requests.
    private static HttpRequest nextRequest(TimedInput in, OutputStream out, RequestParser parser, ConnectionClock clock,
                                           byte[] chunk, HttpLimits limits) throws IOException, HttpError {
        HttpRequest request;
        while ((request = parser.next()) == null) {
            if (parser.takeContinue()) {
                out.write(HttpResponses.CONTINUE); // the client waits for this before it sends the body
                out.flush();
            }
            long now = System.nanoTime();
            clock.observe(parser, now);
            long wait = clock.readDeadline(parser) - now;
            int n;
            try {
                if (wait <= 0) {
                    throw new SocketTimeoutException("deadline passed");
                }
                n = in.read(chunk, (int) Math.min(Integer.MAX_VALUE, (wait + 999_999) / 1_000_000));
            } catch (SocketTimeoutException timeout) {
                if (!parser.isMidRequest()) {
                    return null; // an idle keep-alive connection: close quietly
                }
                throw new HttpError(408, clock.overdue(limits, System.nanoTime()));
            }
            if (n < 0) {
                return null; // the client closed, perhaps mid-request: no one to answer
            }
            parser.feed(chunk, 0, n);
            clock.progress(System.nanoTime());
        }
        return request;
    }
}
