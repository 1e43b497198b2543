package loadlab.load;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of a trial's {@link Hold}: how many connections were tried, opened, and still held at
 * the end of the window; the rest were dropped (never opened, or closed before the end), each with
 * its reason: "closed by the server while idle" is the idle timeout, "connect: Connection refused" a
 * full accept queue or a server not listening, and so on. With {@link Hold#every()} set, the
 * requests the held connections sent and how many failed.
 */
public record HeldConnections(long attempted, long opened, long held, Map<String, Long> dropReasons,
                              long requests, long failedRequests) {

    public static final HeldConnections NONE = new HeldConnections(0, 0, 0, Map.of(), 0, 0);

    public HeldConnections {
        dropReasons = Collections.unmodifiableMap(new TreeMap<>(dropReasons));
    }

    /** Tried and not held at the end: never opened, or closed before it. */
    public long dropped() {
        return attempted - held;
    }

    public HeldConnections plus(HeldConnections o) {
        Map<String, Long> reasons = new TreeMap<>(dropReasons);
        o.dropReasons.forEach((why, n) -> reasons.merge(why, n, Long::sum));
        return new HeldConnections(attempted + o.attempted, opened + o.opened, held + o.held, reasons,
                requests + o.requests, failedRequests + o.failedRequests);
    }

    @Override
    public String toString() {
        String s = String.format("%d of %d connections held to the end (%d opened, %d dropped)", held, attempted, opened, dropped());
        if (!dropReasons.isEmpty()) {
            s += "; dropped: " + dropReasons;
        }
        if (requests > 0) {
            s += String.format("; their requests: %d sent, %d failed", requests, failedRequests);
        }
        return s;
    }
}
