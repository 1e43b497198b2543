package loadlab.load;

import java.util.Arrays;

/**
 * A loop's timers: a binary min-heap of the things waiting for a moment (a user's think time, a
 * connection's connect or read deadline), earliest first. Each {@link Timer} knows its own slot in
 * the heap, so moving or cancelling one is O(log n) and allocates nothing: with 10,000 users a
 * request sets a deadline, cancels it and sets a think time, each a few swaps, and no garbage.
 * Used by one loop thread only.
 */
final class Timers {

    /** Something a loop wakes up at {@link #due}; at most one pending moment per timer. */
    abstract static class Timer {
        private long due;
        private int slot = -1;

        /** The moment has come ({@code now} is at or after it); the timer is no longer pending. */
        abstract void expire(long now);

        final boolean pending() {
            return slot >= 0;
        }
    }

    private Timer[] heap = new Timer[64];
    private int size;

    /** Sets {@code timer} to go off at {@code due}, replacing the moment it was set for, if any. */
    void set(Timer timer, long due) {
        if (timer.slot < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            timer.due = due;
            timer.slot = size++;
            up(timer.slot, timer);
            return;
        }
        long was = timer.due;
        timer.due = due;
        if (due - was < 0) {
            up(timer.slot, timer);
        } else {
            down(timer.slot, timer);
        }
    }

    /** Takes {@code timer} out, if pending. */
    void cancel(Timer timer) {
        int at = timer.slot;
        if (at < 0) {
            return;
        }
        timer.slot = -1;
        Timer last = heap[--size];
        heap[size] = null;
        if (at < size) {
            heap[at] = last;
            last.slot = at;
            if (at > 0 && last.due - heap[(at - 1) >>> 1].due < 0) {
                up(at, last);
            } else {
                down(at, last);
            }
        }
    }

    /** The earliest pending moment, or {@link Long#MAX_VALUE} with none. */
    long next() {
        return size == 0 ? Long.MAX_VALUE : heap[0].due;
    }

    /** Expires, earliest first, every timer due at or before {@code now}. */
    void expireDue(long now) {
        while (size > 0 && heap[0].due - now <= 0) {
            Timer first = heap[0];
            cancel(first);
            first.expire(now);
        }
    }

    private void up(int at, Timer timer) {
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            Timer p = heap[parent];
            if (timer.due - p.due >= 0) {
                break;
            }
            heap[at] = p;
            p.slot = at;
            at = parent;
        }
        heap[at] = timer;
        timer.slot = at;
    }

    private void down(int at, Timer timer) {
        int half = size >>> 1;
        while (at < half) {
            int child = 2 * at + 1;
            Timer c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].due - c.due < 0) {
                child = right;
                c = heap[right];
            }
            if (c.due - timer.due >= 0) {
                break;
            }
            heap[at] = c;
            c.slot = at;
            at = child;
        }
        heap[at] = timer;
        timer.slot = at;
    }
}
