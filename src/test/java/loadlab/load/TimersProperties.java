package loadlab.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A loop's timer heap goes off exactly as a plain map of due times says it should: every timer due
 * by a moment goes off, earliest first, once; a timer set again goes off at its new moment only; a
 * cancelled one never. Random operations on up to 40 timers, against that map.
 */
class TimersProperties {

    /** Set timer i to go off at t; cancel timer i; or let time run to t. */
    record Op(char kind, int timer, long at) { }

    static final class Probe extends Timers.Timer {
        final int id;
        final List<long[]> fired;

        Probe(int id, List<long[]> fired) {
            this.id = id;
            this.fired = fired;
        }

        @Override
        void expire(long now) {
            fired.add(new long[] {id, now});
        }
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 39).flatMap(i -> Arbitraries.longs().between(0, 1000).map(t -> new Op('s', i, t))),
                Arbitraries.integers().between(0, 39).map(i -> new Op('c', i, 0)),
                Arbitraries.longs().between(0, 1000).map(t -> new Op('r', 0, t)));
        return op.list().ofMaxSize(300);
    }

    @Property(tries = 500)
    void timersGoOffAsTheirDueTimesSay(@ForAll("ops") List<Op> ops) {
        Timers timers = new Timers();
        List<long[]> fired = new ArrayList<>();
        Probe[] probes = new Probe[40];
        for (int i = 0; i < probes.length; i++) {
            probes[i] = new Probe(i, fired);
        }
        Map<Integer, Long> due = new HashMap<>(); // the model: each pending timer's moment
        long now = 0;
        for (Op op : ops) {
            switch (op.kind()) {
                case 's' -> {
                    long at = now + op.at();
                    timers.set(probes[op.timer()], at);
                    due.put(op.timer(), at);
                }
                case 'c' -> {
                    timers.cancel(probes[op.timer()]);
                    due.remove(op.timer());
                }
                default -> {
                    now += op.at();
                    fired.clear();
                    timers.expireDue(now);
                    long until = now;
                    List<Map.Entry<Integer, Long>> expected = due.entrySet().stream().filter(e -> e.getValue() <= until)
                            .sorted(Map.Entry.comparingByValue()).toList();
                    assertThat(fired).as("timers gone off at %d", now).hasSize(expected.size());
                    for (int k = 0; k < fired.size(); k++) {
                        assertThat(due.get((int) fired.get(k)[0])).as("gone off in order of due time")
                                .isEqualTo(expected.get(k).getValue());
                    }
                    expected.forEach(e -> due.remove(e.getKey()));
                }
            }
            long earliest = due.values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
            assertThat(timers.next()).as("the earliest pending moment").isEqualTo(earliest);
            for (int i = 0; i < probes.length; i++) {
                assertThat(probes[i].pending()).as("timer %d pending", i).isEqualTo(due.containsKey(i));
            }
        }
    }
}
