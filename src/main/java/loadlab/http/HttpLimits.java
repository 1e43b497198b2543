package loadlab.http;

import java.time.Duration;

/**
 * The limits a server enforces on every request, so that no client can make it buffer without end
 * or wait forever. Each limit has its own status code: 431 for the head, 413 for the body, 408 (or
 * a quiet close) for silence.
 */
public record HttpLimits(int maxHeadBytes, int maxBodyBytes, Duration idleTimeout) {

    public static final int DEFAULT_MAX_HEAD_BYTES = 8 * 1024;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);

    public HttpLimits {
        if (maxHeadBytes < 64) {
            throw new IllegalArgumentException("maxHeadBytes must be at least 64, was " + maxHeadBytes);
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative, was " + maxBodyBytes);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, was " + idleTimeout);
        }
    }

    public static HttpLimits defaults() {
        return new HttpLimits(DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_BODY_BYTES, DEFAULT_IDLE_TIMEOUT);
    }

    public HttpLimits withIdleTimeout(Duration timeout) {
        return new HttpLimits(maxHeadBytes, maxBodyBytes, timeout);
    }

    /** The idle timeout as a socket read timeout, in milliseconds. */
    public int idleTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis());
    }
}
