package loadlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import loadlab.http.HttpError;
import loadlab.http.HttpLimits;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;

/**
 * Serves one connection with blocking I/O: read a whole request, do the work, echo it, and again
 * while the client keeps the connection alive. Every blocking model runs this same loop; they differ
 * only in which thread runs it.
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
    public static void serve(Socket socket, Work work, HttpLimits limits) {
        try (socket) {
            socket.setSoTimeout(limits.idleTimeoutMillis());
            socket.setTcpNoDelay(true);
            Outcome outcome = serve(socket.getInputStream(), socket.getOutputStream(), work, limits);
            if (outcome == Outcome.LINGER) {
                Sockets.lingeringClose(socket);
            }
        } catch (IOException ignored) {
            // The client went away (reset, broken pipe) or the server is closing: nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        }
    }

    /**
     * The request-response loop over any pair of streams: a socket's, or a CGI child's stdin and
     * stdout. A read timeout on {@code in} is the idle timeout.
     */
    public static Outcome serve(InputStream in, OutputStream out, Work work, HttpLimits limits)
            throws IOException, InterruptedException {
        RequestParser parser = new RequestParser(limits);
        byte[] chunk = new byte[16 * 1024];
        while (true) {
            HttpRequest request;
            try {
                while ((request = parser.next()) == null) {
                    int n;
                    try {
                        n = in.read(chunk);
                    } catch (SocketTimeoutException idle) {
                        if (!parser.isMidRequest()) {
                            return Outcome.DONE; // an idle keep-alive connection: close quietly
                        }
                        throw new HttpError(408, "no complete request within " + limits.idleTimeout());
                    }
                    if (n < 0) {
                        return Outcome.DONE; // the client closed, perhaps mid-request: no one to answer
                    }
                    parser.feed(chunk, 0, n);
                }
            } catch (HttpError e) {
                out.write(HttpResponses.error(e));
                out.flush();
                return Outcome.LINGER;
            }
            work.apply();
            out.write(HttpResponses.echo(request));
            out.flush();
            if (!request.keepAlive()) {
                return parser.isMidRequest() ? Outcome.LINGER : Outcome.DONE;
            }
        }
    }
}
