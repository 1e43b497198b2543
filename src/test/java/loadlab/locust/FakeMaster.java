package loadlab.locust;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A locust master's socket and nothing else: a ROUTER on loopback that records every message a
 * worker sends and sends what the test says, so the protocol can be checked without locust.
 */
final class FakeMaster implements AutoCloseable {

    private final ZContext context = new ZContext();
    private final ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
    private final int port;
    private final List<Message> received = new ArrayList<>();
    private byte[] worker;

    FakeMaster() throws IOException {
        router.setLinger(0);
        router.setReceiveTimeOut(100);
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort(); // the kernel's choice: jeromq's bindToRandomPort can pick a port some connection is using
        }
        router.bind("tcp://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** Every message received so far, in order. */
    List<Message> received() {
        return received;
    }

    /** Waits for the next message of {@code type}, recording the others that come first; fails after {@code timeout}. */
    Message await(String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            byte[] identity = router.recv();
            if (identity == null) {
                continue;
            }
            byte[] frame = router.recv();
            worker = identity;
            Message m = Message.decode(frame);
            received.add(m);
            if (m.type().equals(type)) {
                return m;
            }
        }
        throw new AssertionError("no '" + type + "' within " + timeout + "; received " + received.stream().map(Message::type).toList());
    }

    /** Sends a message to the worker heard from last. */
    void send(String type, Object data) {
        router.sendMore(worker);
        router.send(new Message(type, data, "master").encode());
    }

    @Override
    public void close() {
        context.close();
    }
}
