package loadlab.load;

import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where requests go and how: the resolved address, the request encoder, the timeouts, the
 * connection mode. Shared by every user of a run. It knows every {@link Lane}, so that
 * {@link #abort()}, the hard stop, can close their connections: a thread blocked reading a socket
 * wakes up when another thread closes it, platform thread or virtual. After the abort, a failing
 * request is one the run cut short, not one the server failed.
 */
final class Target {

    final InetSocketAddress address;
    final RequestEncoder encoder;
    final ConnectionMode mode;
    final long connectNanos;
    final long readNanos;
    /** Requests the hard stop cut short. */
    final LongAdder cutShort = new LongAdder();
    private final Set<Lane> lanes = ConcurrentHashMap.newKeySet();
    private volatile boolean aborted;

    Target(InetSocketAddress address, RequestEncoder encoder, ConnectionMode mode, long connectNanos, long readNanos) {
        this.address = address;
        this.encoder = encoder;
        this.mode = mode;
        this.connectNanos = connectNanos;
        this.readNanos = readNanos;
    }

    /** Called once per lane, when it is made (not per request). */
    void register(Lane lane) {
        lanes.add(lane);
    }

    /** The watchdog's round: closes every connection whose connect or response is overdue. */
    void expireOverdue(long now) {
        for (Lane lane : lanes) {
            lane.expireIfDue(now);
        }
    }

    /** The hard stop: from now on no connection is opened, and every open one is closed. */
    void abort() {
        aborted = true;
        for (Lane lane : lanes) {
            lane.abort();
        }
    }

    boolean aborted() {
        return aborted;
    }
}
