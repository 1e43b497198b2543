package loadlab.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies that all connections of one server may hold at once. A parser takes
 * a request's share before it reads the body (sized from its Content-Length, or chunk by chunk) and
 * gives it back once the echo is written; a request that does not fit gets 503 instead of the heap
 * running out. Without it, 300 clients sending 1 MiB each are 300 MiB of live arrays, and an
 * {@link OutOfMemoryError} ends whichever thread asks next.
 */
public final class ByteBudget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    private ByteBudget(long capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("a byte budget must not be negative, was " + capacity);
        }
        this.capacity = capacity;
    }

    public static ByteBudget of(long bytes) {
        return new ByteBudget(bytes);
    }

    /** A quarter of this JVM's maximum heap: room for the echo's copies and everything else. */
    public static ByteBudget quarterOfHeap() {
        return new ByteBudget(Runtime.getRuntime().maxMemory() / 4);
    }

    /** Takes {@code bytes} if they fit; false (and nothing taken) if they don't. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > capacity) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        used.addAndGet(-bytes);
    }

    public long used() {
        return used.get();
    }

    public long capacity() {
        return capacity;
    }
}
