package loadlab.exercises;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;
import loadlab.server.EchoServer;

/**
 * A client that sends its request in pieces, one every {@code pause}, and listens between them, as a
 * client on a slow link does, or a slowloris: it stops sending as soon as the server answers, closes
 * or resets, and says which and when, counted from its first byte. Every read has a timeout, and it
 * gives up after {@code patience}.
 */
final class SlowClient {

    enum Ending { ANSWERED, CLOSED, RESET, NOTHING }

    /** What the server did, and how long after the client's first byte. */
    record Outcome(Ending ending, int status, byte[] body, Duration after) {

        /** Cut off: answered 408 Request Timeout, or closed, or reset. */
        boolean cutOff() {
            return ending == Ending.CLOSED || ending == Ending.RESET || status == 408;
        }

        double seconds() {
            return after.toNanos() / 1e9;
        }

        @Override
        public String toString() {
            String what = switch (ending) {
                case ANSWERED -> String.valueOf(status);
                case CLOSED -> "closed";
                case RESET -> "reset";
                case NOTHING -> "nothing";
            };
            return String.format(Locale.ROOT, "%s after %.2f s", what, seconds());
        }
    }

    private static final int CONNECT_MILLIS = 2_000;
    /** For the rest of an answer once its first byte is in. */
    private static final int READ_MILLIS = 5_000;

    private SlowClient() { }

    /** {@code bytes} cut into pieces of {@code size} bytes (the last may be shorter). */
    static List<byte[]> pieces(byte[] bytes, int size) {
        List<byte[]> pieces = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += size) {
            pieces.add(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + size)));
        }
        return pieces;
    }

    /** Sends each piece, then listens for up to {@code pause} (after the last, until it gives up). */
    static Outcome send(EchoServer server, List<byte[]> pieces, Duration pause, Duration patience) throws IOException {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true); // each piece leaves as it is
            socket.connect(server.address(), CONNECT_MILLIS);
            OutputStream out = socket.getOutputStream();
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            long first = System.nanoTime();
            long giveUp = first + patience.toNanos();
            for (int i = 0; i < pieces.size(); i++) {
                try {
                    out.write(pieces.get(i));
                } catch (IOException cutOff) {
                    break; // the server closed: what it said first, if anything, is in the input
                }
                long left = giveUp - System.nanoTime();
                Outcome heard = listen(socket, in, first, i < pieces.size() - 1 ? Math.min(pause.toNanos(), left) : left);
                if (heard != null) {
                    return heard;
                }
                if (System.nanoTime() - giveUp >= 0) {
                    return new Outcome(Ending.NOTHING, 0, new byte[0], since(first));
                }
            }
            Outcome heard = listen(socket, in, first, giveUp - System.nanoTime());
            return heard != null ? heard : new Outcome(Ending.NOTHING, 0, new byte[0], since(first));
        }
    }

    /** What the server did within {@code nanos}: null if nothing yet. */
    private static Outcome listen(Socket socket, BufferedInputStream in, long first, long nanos) throws IOException {
        socket.setSoTimeout((int) Math.max(1, nanos / 1_000_000));
        in.mark(1);
        try {
            if (in.read() < 0) {
                return new Outcome(Ending.CLOSED, 0, new byte[0], since(first));
            }
            in.reset();
        } catch (SocketTimeoutException quiet) {
            return null;
        } catch (IOException reset) {
            return new Outcome(Ending.RESET, 0, new byte[0], since(first));
        }
        Duration after = since(first);
        socket.setSoTimeout(READ_MILLIS);
        HttpResponse response = ResponseParser.read(in);
        return new Outcome(Ending.ANSWERED, response.status(), response.body(), after);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
