package loadlab.locust;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The connection to a locust master, as locust's {@code rpc/zmqrpc.py} {@code Client} has it: a
 * ZeroMQ DEALER socket whose identity is the worker's node id, connected to the master's ROUTER.
 * ZeroMQ reconnects by itself and hides the TCP connection; a monitor socket reports it, so that a
 * master that has gone can be told from one that is quiet (locust 2.12's master sends nothing
 * while a test runs).
 *
 * <p>Not thread-safe, as no ZeroMQ socket is: one thread, the worker's, uses it. Every receive has
 * a timeout, every send gives up after one.
 */
final class MasterLink implements AutoCloseable {

    private static final int SEND_TIMEOUT_MILLIS = 1000;
    private static final long RESET_PAUSE_MILLIS = 500;
    /**
     * jeromq 0.6.0 leaves about one connection in twenty with its ZMTP handshake stalled, connected
     * and silent for good (measured here against pyzmq's ROUTER, as locust's master has, and against
     * its own); ZeroMQ's 30 s default before giving up on a handshake is longer than our patience.
     * A second is ample on any network a test runs over, and the socket then simply reconnects.
     */
    private static final int HANDSHAKE_MILLIS = 1000;
    private final ZContext context = new ZContext();
    private final String endpoint;
    private final String nodeId;
    private ZMQ.Socket socket;
    private ZMQ.Socket monitor;
    private ZMQ.Poller poller;
    private int monitors;
    private long disconnectedSince = -1; // nanoTime; -1 while connected, or before the first connection
    private boolean everConnected;

    MasterLink(String host, int port, String nodeId) {
        this.endpoint = "tcp://" + host + ":" + port;
        this.nodeId = nodeId;
        open();
    }

    private void open() {
        socket = context.createSocket(SocketType.DEALER);
        socket.setIdentity(nodeId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        socket.setLinger(0); // unsent messages to a master that is gone are not worth waiting for at close
        socket.setSendTimeOut(SEND_TIMEOUT_MILLIS);
        socket.setHandshakeIvl(HANDSHAKE_MILLIS);
        socket.setTCPKeepAlive(1); // as locust's client does
        socket.setTCPKeepAliveIdle(30);
        String address = "inproc://master-link-monitor-" + System.identityHashCode(this) + "-" + monitors++;
        socket.monitor(address, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_DISCONNECTED);
        monitor = context.createSocket(SocketType.PAIR);
        monitor.connect(address);
        socket.connect(endpoint);
        poller = context.createPoller(2);
        poller.register(socket, ZMQ.Poller.POLLIN);
        poller.register(monitor, ZMQ.Poller.POLLIN);
    }

    String endpoint() {
        return endpoint;
    }

    /** Sends a message; false if it could not be queued within the send timeout. */
    boolean send(String type, Object data) {
        return socket.send(new Message(type, data, nodeId).encode(), 0);
    }

    /**
     * The next message from the master, waiting at most {@code timeoutMillis}; null if none came.
     * Connection events seen meanwhile update {@link #disconnectedFor}.
     *
     * @throws IllegalArgumentException if a frame is not a locust message
     */
    Message receive(long timeoutMillis) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            poller.poll(left);
            if (poller.pollin(1)) {
                connectionEvents();
            }
            if (poller.pollin(0)) {
                byte[] frame = socket.recv(ZMQ.DONTWAIT);
                if (frame != null) {
                    return Message.decode(frame);
                }
            }
            if (System.nanoTime() >= deadline) {
                return null;
            }
        }
    }

    private void connectionEvents() {
        ZMQ.Event event;
        while ((event = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
            if (event.getEvent() == ZMQ.EVENT_CONNECTED) {
                everConnected = true;
                disconnectedSince = -1;
            } else if (event.getEvent() == ZMQ.EVENT_DISCONNECTED && disconnectedSince < 0) {
                disconnectedSince = System.nanoTime();
            }
        }
    }

    /** How long the TCP connection to the master has been down, in nanoseconds; 0 while it is up (or never was). */
    long disconnectedFor(long now) {
        return disconnectedSince < 0 ? 0 : now - disconnectedSince;
    }

    boolean everConnected() {
        return everConnected;
    }

    /**
     * A new socket with the same identity, as locust's worker does on a {@code reconnect} message.
     * The master's ROUTER refuses a connection whose identity it still holds, so the new one waits
     * until the old one's close has had time to reach the master.
     */
    void reset() throws InterruptedException {
        closeSockets();
        Thread.sleep(RESET_PAUSE_MILLIS);
        disconnectedSince = -1;
        open();
    }

    private void closeSockets() {
        poller.close();
        socket.setLinger(0);
        context.destroySocket(socket);
        context.destroySocket(monitor);
    }

    @Override
    public void close() {
        closeSockets();
        context.close();
    }
}
