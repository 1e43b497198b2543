package loadlab.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/** One TCP connection to the target: connect with a timeout, every read with a timeout. */
final class ClientConnection implements AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;

    final Socket socket;
    final ResponseStream in;
    final OutputStream out;
    /** Whether a response already came over this connection: only then can it have gone stale. */
    boolean reused;

    private ClientConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new ResponseStream(socket.getInputStream(), BUFFER_BYTES);
        this.out = socket.getOutputStream();
    }

    static ClientConnection open(Target target) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true); // a request is one write; don't let Nagle hold it
            socket.connect(target.address, target.connectMillis);
            socket.setSoTimeout(target.readMillis);
            return new ClientConnection(socket);
        } catch (IOException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a connection that already failed: nothing more to learn from it
        }
    }
}
