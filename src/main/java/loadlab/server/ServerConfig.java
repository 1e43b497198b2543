package loadlab.server;

import java.time.Duration;
import loadlab.http.ByteBudget;
import loadlab.http.HttpLimits;

/**
 * Everything a model needs to start. Models ignore the knobs that are not theirs: {@code threads} and
 * {@code queue} belong to the thread pool (and {@code threads} to event-loop-offload's workers),
 * {@code workers} to prefork, {@code maxChildren} to process-per-connection. {@code requestMemory}
 * is the byte budget every model's connections share for request bodies (0: a quarter of the heap).
 */
public record ServerConfig(String host, int port, Work work, int threads, int queue, int workers, int maxChildren,
                           HttpLimits limits, long requestMemory, boolean reusePort, int sendBuffer) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_THREADS = 32;
    public static final int DEFAULT_QUEUE = 128;
    /** Live JVMs of process-per-connection; beyond them, 503. Each costs tens of megabytes. */
    public static final int DEFAULT_MAX_CHILDREN = 64;

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
        if (maxChildren < 1) {
            throw new IllegalArgumentException("maxChildren must be at least 1, was " + maxChildren);
        }
        if (requestMemory < 0) {
            throw new IllegalArgumentException("requestMemory must not be negative, was " + requestMemory);
        }
        if (sendBuffer < 0) {
            throw new IllegalArgumentException("sendBuffer must not be negative, was " + sendBuffer);
        }
    }

    /** 127.0.0.1, any free port, no work, the default limits. */
    public static ServerConfig defaults() {
        return new ServerConfig(DEFAULT_HOST, 0, Work.NONE, DEFAULT_THREADS, DEFAULT_QUEUE,
                Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_CHILDREN, HttpLimits.defaults(), 0, false, 0);
    }

    /** A new budget for one server's connections: {@code requestMemory} bytes, or a quarter of this JVM's heap. */
    public ByteBudget newBudget() {
        return requestMemory > 0 ? ByteBudget.of(requestMemory) : ByteBudget.quarterOfHeap();
    }

    public ServerConfig withHost(String h) {
        return new ServerConfig(h, port, work, threads, queue, workers, maxChildren, limits, requestMemory, reusePort, sendBuffer);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(host, p, work, threads, queue, workers, maxChildren, limits, requestMemory, reusePort, sendBuffer);
    }

    public ServerConfig withWork(Work w) {
        return new ServerConfig(host, port, w, threads, queue, workers, maxChildren, limits, requestMemory, reusePort, sendBuffer);
    }

    public ServerConfig withThreads(int n) {
        return new ServerConfig(host, port, work, n, queue, workers, maxChildren, limits, requestMemory, reusePort, sendBuffer);
    }

    public ServerConfig withQueue(int n) {
        return new ServerConfig(host, port, work, threads, n, workers, maxChildren, limits, requestMemory, reusePort, sendBuffer);
    }

    public ServerConfig withWorkers(int n) {
        return new ServerConfig(host, port, work, threads, queue, n, maxChildren, limits, requestMemory, reusePort, sendBuffer);
    }

    public ServerConfig withMaxChildren(int n) {
        return new ServerConfig(host, port, work, threads, queue, workers, n, limits, requestMemory, reusePort, sendBuffer);
    }

    public ServerConfig withLimits(HttpLimits l) {
        return new ServerConfig(host, port, work, threads, queue, workers, maxChildren, l, requestMemory, reusePort, sendBuffer);
    }

    public ServerConfig withIdleTimeout(Duration d) {
        return withLimits(limits.withIdleTimeout(d));
    }

    public ServerConfig withHeadTimeout(Duration d) {
        return withLimits(limits.withHeadTimeout(d));
    }

    public ServerConfig withRequestMemory(long bytes) {
        return new ServerConfig(host, port, work, threads, queue, workers, maxChildren, limits, bytes, reusePort, sendBuffer);
    }

    /**
     * Each accepted socket's send buffer, in bytes (SO_SNDBUF), as nginx's {@code listen ... sndbuf=}
     * sets it; 0 (the default) leaves it to the kernel, which on Linux grows it up to a few megabytes
     * (net.ipv4.tcp_wmem): then a response smaller than that never blocks the server's write, however
     * slowly the client reads.
     */
    public ServerConfig withSendBuffer(int bytes) {
        return new ServerConfig(host, port, work, threads, queue, workers, maxChildren, limits, requestMemory, reusePort, bytes);
    }

    public ServerConfig withReusePort(boolean r) {
        return new ServerConfig(host, port, work, threads, queue, workers, maxChildren, limits, requestMemory, r, sendBuffer);
    }
}
