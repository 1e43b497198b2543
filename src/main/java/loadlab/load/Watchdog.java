package loadlab.load;

import java.util.concurrent.locks.LockSupport;

/**
 * Enforces the connect and read timeouts: a few times per timeout (at most every 10 ms) it closes
 * every connection whose deadline has passed. One thread for all connections, so that each read
 * stays a plain blocking read (see {@link ClientConnection}).
 */
final class Watchdog implements AutoCloseable {

    private final Target target;
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean stopped;

    Watchdog(Target target) {
        this.target = target;
        this.tickNanos = Math.clamp(Math.min(target.connectNanos, target.readNanos) / 10, 1_000_000L, 10_000_000L);
        this.thread = Thread.ofPlatform().name("loadlab-watchdog").daemon().start(this::watch);
    }

    private void watch() {
        while (!stopped) {
            LockSupport.parkNanos(tickNanos);
            target.expireOverdue(System.nanoTime());
        }
    }

    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the thread ends by itself on its next tick: stopped is set
        }
    }
}
