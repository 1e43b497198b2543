package loadlab.server;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import loadlab.http.HttpLimits;

/**
 * A new JVM for every connection, as CGI made a new process for every request. The parent accepts,
 * starts a child ({@link Child}), and relays bytes: socket to the child's stdin, the child's stdout to
 * the socket. The child runs the same request loop as every blocking model, on its stdin and stdout.
 *
 * <p>This is the seed's multi-process server, in Java. Starting a JVM costs tens of milliseconds of
 * CPU, hundreds of times more than echoing a few bytes, and that cost is what the experiments show.
 */
public final class ProcessPerConnectionServer extends BlockingServer {

    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private final Set<Thread> relays = ConcurrentHashMap.newKeySet();

    private ProcessPerConnectionServer(ServerConfig config) throws IOException {
        super("process-per-connection", config);
    }

    public static ProcessPerConnectionServer start(ServerConfig config) throws IOException {
        return new ProcessPerConnectionServer(config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        Thread relay = Thread.ofPlatform().name("relay-" + socket.getPort()).unstarted(() -> {
            try {
                relay(socket);
            } finally {
                forget(socket);
                relays.remove(Thread.currentThread());
            }
        });
        relays.add(relay);
        relay.start();
    }

    private void relay(Socket socket) {
        Process child = null;
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(config.limits().idleTimeoutMillis());
            child = JavaProcess.builder(Child.class,
                    List.of("-Xmx32m", "-D" + Work.CALIBRATION_PROPERTY + "=" + calibration()),
                    List.of(config.work().toString(), String.valueOf(config.limits().maxHeadBytes()),
                            String.valueOf(config.limits().maxBodyBytes())))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            children.add(child);
            Process running = child;
            Thread upstream = Thread.ofPlatform().name("upstream-" + socket.getPort())
                    .start(() -> pumpToChild(socket, running));
            child.getInputStream().transferTo(socket.getOutputStream()); // until the child exits
            socket.shutdownOutput(); // FIN; let the client finish and close first, so no reset
            upstream.join(Sockets.LINGER_MILLIS);
        } catch (IOException ignored) {
            // the client went away or the child could not start; the client sees the close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        } finally {
            if (child != null) {
                JavaProcess.stop(child);
                children.remove(child);
            }
        }
    }

    // Socket to stdin. At the client's close or an idle timeout, close stdin: the child then ends.
    // After the child has ended, keep reading and discard: a lingering close.
    private static void pumpToChild(Socket socket, Process child) {
        byte[] buffer = new byte[16 * 1024];
        OutputStream toChild = child.getOutputStream();
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (toChild != null) {
                    try {
                        toChild.write(buffer, 0, n);
                        toChild.flush();
                    } catch (IOException childGone) {
                        toChild = null; // keep draining the socket
                    }
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException ignored) {
            // idle timeout, or the socket was closed under us
        } catch (IOException ignored) {
            // the client reset the connection
        } finally {
            try {
                child.getOutputStream().close();
            } catch (IOException ignored) {
                // the child has exited already
            }
        }
    }

    // A cpu-work child would otherwise spend its first 50 ms calibrating; it inherits ours instead.
    private String calibration() {
        return config.work().kind() == Work.Kind.CPU ? String.valueOf(Work.iterationsPerMicro()) : "1";
    }

    @Override
    protected void stopWorkers() {
        for (Process child : children) {
            JavaProcess.stop(child);
        }
        for (Thread relay : relays) {
            relay.interrupt();
            join(relay);
        }
    }

    /** The child: serves one connection on stdin and stdout, then exits. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Work work = Work.parse(args[0]);
            HttpLimits limits = new HttpLimits(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    HttpLimits.DEFAULT_IDLE_TIMEOUT); // the parent enforces the idle timeout on the socket
            // The raw file descriptors: System.out is a PrintStream, which would hide write errors.
            try (InputStream in = new FileInputStream(FileDescriptor.in);
                 OutputStream out = new FileOutputStream(FileDescriptor.out)) {
                EchoHandler.serve(in, out, work, limits);
            }
        }
    }
}
