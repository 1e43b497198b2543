package loadlab.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * A new JVM for every connection, as CGI made a new process for every request. The parent accepts,
 * starts a child ({@link CgiChild}), and relays bytes: socket to the child's stdin, the child's
 * stdout to the socket. The child runs the same request loop as every blocking model, on its stdin
 * and stdout. At most {@code maxChildren} run at once; a connection beyond them gets 503 at once.
 *
 * <p>This is the seed's multi-process server, in Java. Starting a JVM costs tens of milliseconds of
 * CPU, hundreds of times more than echoing a few bytes, and that cost is what the experiments show.
 */
public final class ProcessPerConnectionServer extends BlockingServer {

    /**
     * How the server JVM starts its children: fork and exec, not the JDK's default posix_spawn of a
     * helper (jspawnhelper) that then execs the child. Out of descriptors (HostileClientsTest's 256),
     * the helper's spawn failed in one run of ten with "posix_spawn failed, error: 9 (Bad file
     * descriptor)", and after it a process of the server's stayed behind and the server failed its
     * next two scenarios; with fork there is no helper, and out of descriptors the pipes fail first, in
     * the parent, which answers 503. {@link ServerProcess} starts every server JVM with it; the JDK
     * reads it at its first process, so a model started in a JVM that has made one keeps that JVM's.
     */
    public static final String LAUNCH_MECHANISM = "-Djdk.lang.Process.launchMechanism=FORK";

    private final Set<Process> children = ConcurrentHashMap.newKeySet();
    private final Set<Thread> relays = ConcurrentHashMap.newKeySet();
    private final Semaphore places;

    private ProcessPerConnectionServer(ServerConfig config) throws IOException {
        super("process-per-connection", config);
        Sockets.startVirtualThreadPoller(); // its 503s linger on virtual threads, which need the poller even out of descriptors
        places = new Semaphore(config.maxChildren());
    }

    public static ProcessPerConnectionServer start(ServerConfig config) throws IOException {
        return new ProcessPerConnectionServer(config).start();
    }

    @Override
    protected void dispatch(Socket socket) {
        if (!places.tryAcquire()) {
            forget(socket);
            Sockets.refuseBusy(socket, "server busy: " + config.maxChildren() + " child processes are running, the most allowed");
            return;
        }
        Thread relay = Thread.ofPlatform().name("relay-" + socket.getPort()).unstarted(() -> {
            try {
                relay(socket);
            } finally {
                places.release();
                forget(socket);
                relays.remove(Thread.currentThread());
            }
        });
        relays.add(relay);
        try {
            relay.start();
        } catch (Throwable noThread) {
            relays.remove(relay);
            places.release();
            throw noThread; // the acceptor refuses the connection
        }
    }

    // Two copies, one per direction: the child's stdout to the socket here, the socket to the child's
    // stdin on a second thread, which also closes the child's stdin at the client's close (the child
    // then ends), and keeps draining the socket after that: a lingering close. The child enforces the
    // timeouts and answers 408 itself; the socket's read timeout, twice the idle timeout, is a backstop.
    private void relay(Socket socket) {
        Process child;
        try {
            child = CgiChild.start(config);
        } catch (IOException e) { // out of descriptors for its pipes, or of memory: refuse, as beyond maxChildren
            if (!isStopped()) {
                System.err.println("process-per-connection: could not start a child: " + e.getMessage());
            }
            // A plain close here, with the request unread, would reset the connection: the client would never know why.
            Sockets.refuseBusy(socket, "server busy: could not start a child process");
            return;
        }
        children.add(child);
        try (socket; OutputStream toClient = guard(socket)) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(2 * config.limits().idleTimeoutMillis());
            Process running = child;
            Thread upstream = Thread.ofPlatform().name("upstream-" + socket.getPort())
                    .start(() -> pumpToChild(socket, running.getOutputStream()));
            child.getInputStream().transferTo(toClient); // until the child exits; each write has a deadline
            socket.shutdownOutput(); // FIN; let the client finish and close first, so no reset
            upstream.join(Sockets.LINGER_MILLIS);
        } catch (IOException clientGone) {
            // the client went away: nobody to tell
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is closing
        } catch (Throwable e) { // no thread for the upstream copy: this connection ends with a 503, the server goes on
            Sockets.refuseNow(socket, "server busy: no thread for this connection");
        } finally {
            JavaProcess.stop(child);
            children.remove(child);
        }
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
            // the backstop timeout, the client's reset, or the socket closed under us: closing stdin ends the child
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
}
