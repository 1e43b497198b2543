package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mechanism behind scenario 9 of issue 10 (a round trip among 10,000 idle connections as fast
 * as among none; the figures are in bench/idle-connections.sh): the event loop's deadlines are
 * kept in order, so a wake-up looks at the earliest one alone. The loop used to scan every
 * connection on every wake-up: 10,000 checks per request.
 */
class DeadlinesTest {

    private static final long SECOND = 1_000_000_000L;

    /** A connection, as far as its deadline goes. */
    private static final class Item extends Deadlines.Timed {
        long at;

        Item(long at) {
            this.at = at;
        }

        @Override
        long deadline() {
            return at;
        }
    }

    @Test
    void aWakeUpLooksAtNoIdleConnectionWhoseTimeHasNotCome() {
        Deadlines deadlines = new Deadlines();
        long now = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            deadlines.update(new Item(now + 600 * SECOND + i)); // an idle timeout of 600 s
        }
        List<Deadlines.Timed> expired = new ArrayList<>();
        for (int wakeUp = 0; wakeUp < 100_000; wakeUp++) { // a busy loop wakes for every request
            deadlines.expire(now + wakeUp * 10_000L, expired::add);
        }
        assertThat(deadlines.visits()).as("connections looked at in 100,000 wake-ups").isZero();
        assertThat(expired).isEmpty();
        assertThat(deadlines.millisUntilNext(now)).as("the loop may sleep until the first is due").isGreaterThanOrEqualTo(600_000);
    }

    // Bytes arriving move a deadline later without touching the order: the connection is looked at
    // once, at its old time, and put back at its new one.
    @Test
    void activityMovesADeadlineLaterAtTheCostOfOneVisitPerTimeout() {
        Deadlines deadlines = new Deadlines();
        long now = System.nanoTime();
        Item busy = new Item(now + SECOND);
        deadlines.update(busy);
        for (int read = 1; read <= 1_000; read++) {
            busy.at = now + SECOND + read * 1_000_000L; // a byte a millisecond: its idle deadline moves on
            deadlines.update(busy);
        }
        List<Deadlines.Timed> expired = new ArrayList<>();
        deadlines.expire(now + SECOND, expired::add);
        assertThat(expired).as("its deadline moved on").isEmpty();
        assertThat(deadlines.visits()).isEqualTo(1);
        deadlines.expire(now + 3 * SECOND, expired::add);
        assertThat(expired).containsExactly(busy);
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void aDeadlineThatMovesEarlierIsRequeuedAtOnce() {
        Deadlines deadlines = new Deadlines();
        long now = System.nanoTime();
        Item lingering = new Item(now + 10 * SECOND);
        deadlines.update(lingering);
        lingering.at = now + SECOND; // a lingering close starts: 2 s instead of the idle timeout
        deadlines.update(lingering);
        List<Deadlines.Timed> expired = new ArrayList<>();
        deadlines.expire(now + 2 * SECOND, expired::add);
        assertThat(expired).containsExactly(lingering);
        assertThat(deadlines.size()).isZero();
    }

    @Test
    void expiresInTheOrderOfTheDeadlinesAndSkipsThoseWithNone() {
        Deadlines deadlines = new Deadlines();
        long now = System.nanoTime();
        Item second = new Item(now + 2 * SECOND);
        Item first = new Item(now + SECOND);
        Item atWork = new Item(now + SECOND);
        Item removed = new Item(now + SECOND);
        for (Item item : List.of(second, first, atWork, removed)) {
            deadlines.update(item);
        }
        atWork.at = Deadlines.NEVER; // its request is with a worker: no deadline until it comes back
        deadlines.remove(removed);
        List<Deadlines.Timed> expired = new ArrayList<>();
        deadlines.expire(now + 3 * SECOND, expired::add);
        assertThat(expired).containsExactly(first, second);
    }
}
