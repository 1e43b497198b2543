package loadlab.server;

import java.time.Duration;
import loadlab.http.HttpLimits;

/**
 * Everything a model needs to start. Models ignore the knobs that are not theirs: {@code threads} and
 * {@code queue} belong to the thread pool, {@code workers} to prefork.
 */
public record ServerConfig(String host, int port, Work work, int threads, int queue, int workers,
                           HttpLimits limits, boolean reusePort) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_THREADS = 32;
    public static final int DEFAULT_QUEUE = 128;

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        if (queue < 0) {
            throw new IllegalArgumentException("queue must not be negative, was " + queue);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, was " + workers);
        }
    }

    /** 127.0.0.1, any free port, no work, the default limits. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, 0, Work.NONE, DEFAULT_THREADS, DEFAULT_QUEUE,
                Runtime.getRuntime().availableProcessors(), HttpLimits.defaults(), false);
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, work, threads, queue, workers, limits, reusePort);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, work, threads, queue, workers, limits, reusePort);
    }

    public ServerConfig withWork(Work w) {
        return new ServerConfig(host, port, w, threads, queue, workers, limits, reusePort);
    }

    public ServerConfig withThreads(int n) {
        return new ServerConfig(host, port, work, n, queue, workers, limits, reusePort);
    }

    public ServerConfig withQueue(int n) {
        return new ServerConfig(host, port, work, threads, n, workers, limits, reusePort);
    }

    public ServerConfig withWorkers(int n) {
        return new ServerConfig(host, port, work, threads, queue, n, limits, reusePort);
    }

    public ServerConfig withLimits(HttpLimits l) {
        return new ServerConfig(host, port, work, threads, queue, workers, l, reusePort);
    }

    public ServerConfig withIdleTimeout(Duration d) {
        return withLimits(limits.withIdleTimeout(d));
    }

    public ServerConfig withReusePort(boolean r) {
        return new ServerConfig(host, port, work, threads, queue, workers, limits, r);
    }
}
