package loadlab.load;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where requests go and how: the resolved address, the request encoder, the timeouts, the
 * connection mode. Shared by every user of a run; {@link #abort()} marks the hard stop, after which
 * a failing request is one the run cut short, not one the server failed.
 */
final class Target {

    final InetSocketAddress address;
    final RequestEncoder encoder;
    final ConnectionMode mode;
    final int connectMillis;
    final int readMillis;
    /** Requests the hard stop cut short. */
    final LongAdder cutShort = new LongAdder();
    private volatile boolean aborted;

    Target(InetSocketAddress address, RequestEncoder encoder, ConnectionMode mode, int connectMillis, int readMillis) {
        this.address = address;
        this.encoder = encoder;
        this.mode = mode;
        this.connectMillis = connectMillis;
        this.readMillis = readMillis;
    }

    void abort() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }
}
