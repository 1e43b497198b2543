package loadlab.http;

import java.time.Duration;
import java.util.List;

/**
 * The limits a server enforces on every request, so that no client can make it buffer without end
 * or hold it forever. Each limit has its own status code: 431 for the head, 413 for the body, 408 (or
 * a quiet close) for time.
 *
 * <p>Three clocks run: the idle timeout (no byte in or out for that long, whether the client is
 * silent or does not read what we write), the head timeout (the whole request line and headers,
 * from their first byte: a client dripping one byte a second can't hold a connection for good), and
 * the minimum body rate (after a grace of one idle timeout, the body must have come at least this
 * many bytes a second on average).
 */
public record HttpLimits(int maxHeadBytes, int maxBodyBytes, Duration idleTimeout, Duration headTimeout,
                         int minBodyRate) {

    public static final int DEFAULT_MAX_HEAD_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEAD_TIMEOUT = Duration.ofSeconds(20);
    /** Bytes a second, as Apache's mod_reqtimeout defaults to: far below any real upload. */
    public static final int DEFAULT_MIN_BODY_RATE = 500;

    public HttpLimits {
        if (maxHeadBytes < 64) {
            throw new IllegalArgumentException("maxHeadBytes must be at least 64, was " + maxHeadBytes);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative, was " + maxBodyBytes);
        }
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(headTimeout, "headTimeout");
        if (minBodyRate < 1) {
            throw new IllegalArgumentException("minBodyRate must be at least 1 byte a second, was " + minBodyRate);
        }
    }

    /** The given sizes and idle timeout, the default head timeout and body rate. */
    public HttpLimits(int maxHeadBytes, int maxBodyBytes, Duration idleTimeout) {
        this(maxHeadBytes, maxBodyBytes, idleTimeout, DEFAULT_HEAD_TIMEOUT, DEFAULT_MIN_BODY_RATE);
    }

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_IDLE_TIMEOUT);
    }

    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxHeadBytes, maxBodyBytes, timeout, headTimeout, minBodyRate);
    }

    public HttpLimits withHeadTimeout(Duration timeout) {
        return new HttpLimits(maxHeadBytes, maxBodyBytes, idleTimeout, timeout, minBodyRate);
    }

    public HttpLimits withMinBodyRate(int bytesPerSecond) {
        return new HttpLimits(maxHeadBytes, maxBodyBytes, idleTimeout, headTimeout, bytesPerSecond);
    }

    /** The idle timeout as a socket read timeout, in milliseconds. */
    public int idleTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
    }

    /** As arguments for a child JVM, which reads them back with {@link #fromArgs}. */
    public List<String> toArgs() {
        return List.of(String.valueOf(maxHeadBytes), String.valueOf(maxBodyBytes),
                String.valueOf(idleTimeout.toMillis()), String.valueOf(headTimeout.toMillis()), String.valueOf(minBodyRate));
    }

    public static HttpLimits fromArgs(String[] args, int from) {
        return new HttpLimits(Integer.parseInt(args[from]), Integer.parseInt(args[from + 1]),
                Duration.ofMillis(Long.parseLong(args[from + 2])), Duration.ofMillis(Long.parseLong(args[from + 3])),
                Integer.parseInt(args[from + 4]));
    }

    private static void requirePositive(Duration d, String what) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }
}
