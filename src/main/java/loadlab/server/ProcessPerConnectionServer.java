package loadlab.server;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
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

    // Two copies, one per direction: the child's stdout to the socket here, the socket to the child's
    // stdin on a second thread, which also closes the child's stdin at the client's close or an idle
    // timeout (the child then ends), and keeps draining the socket after that: a lingering close.
    private void relay(Socket socket) {
        Process child = null;
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(config.limits().idleTimeoutMillis());
            child = startChild();
            children.add(child);
            Process running = child;
            Thread upstream = Thread.ofPlatform().name("upstream-" + socket.getPort())
                    .start(() -> pumpToChild(socket, running.getOutputStream()));
            child.getInputStream().transferTo(socket.getOutputStream()); // until the child exits
            socket.shutdownOutput(); // FIN; let the client finish and close first, so no reset
            upstream.join(Sockets.LINGER_MILLIS);
        } catch (IOException e) {
            if (child == null && !isStopped()) {
                System.err.println("process-per-connection: could not start a child: " + e.getMessage());
            } // else the client went away: nobody to tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        } finally {
            if (child != null) {
                JavaProcess.stop(child);
                children.remove(child);
            }
        }
    }

    private Process startChild() throws IOException {
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx32m"));
        jvmOptions.addAll(Work.calibrationOptions(config.work()));
        HttpLimits limits = config.limits();
        return JavaProcess.shortLived(Child.class.getName(), jvmOptions, List.of(config.work().toString(),
                        String.valueOf(limits.maxHeadBytes()), String.valueOf(limits.maxBodyBytes())))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static void pumpToChild(Socket socket, OutputStream toChild) {
        byte[] buffer = new byte[16 * 1024];
        try (toChild) {
            InputStream in = socket.getInputStream();
            boolean childListens = true;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                try {
                    if (childListens) {
                        toChild.write(buffer, 0, n);
                        toChild.flush();
                    }
                } catch (IOException childGone) {
                    childListens = false; // it has answered and exited; keep draining the socket
                }
            }
        } catch (IOException ignored) {
            // the idle timeout, the client's reset, or the socket closed under us: closing stdin ends the child
        }
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

    /** The child: serves one connection on stdin and stdout, then exits. The parent enforces the idle timeout. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            Work work = Work.parse(args[0]);
            HttpLimits limits = new HttpLimits(Integer.parseInt(args[1]), Integer.parseInt(args[2]), HttpLimits.DEFAULT_IDLE_TIMEOUT);
            // The raw file descriptors: System.out is a PrintStream, which would hide write errors.
            try (InputStream in = new FileInputStream(FileDescriptor.in);
                 OutputStream out = new FileOutputStream(FileDescriptor.out)) {
                EchoHandler.serve(in, out, work, limits);
            }
        }
    }
}
