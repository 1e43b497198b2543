package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"none", "sleep:5ms", "cpu:200us", "sleep:1500ms", "cpu:2s"})
    void parsesAndPrintsTheSameSpec(String spec) {
        assertThat(Work.parse(spec).toString()).isEqualTo(spec);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "sleep", "sleep:", "nap:5ms", "cpu:5", "sleep:-5ms", "cpu:fast"})
    void rejectsABadSpecSayingWhatIsExpected(String spec) {
        assertThatThrownBy(() -> Work.parse(spec)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(spec.isEmpty() ? "work spec" : spec);
    }

    // Thread CPU time counts only the time this thread ran, so it doesn't grow when the shared
    // machine is busy and we wait for a core; the bounds are wide for JIT and frequency changes.
    @Test
    void cpuWorkBurnsAboutItsDurationOfCpuTime() throws InterruptedException {
        var threads = ManagementFactory.getThreadMXBean();
        Work.iterationsPerMicro(); // calibrate first: it burns CPU too
        Work work = Work.parse("cpu:200ms");
        work.apply(); // once to compile the loop
        long before = threads.getCurrentThreadCpuTime();
        work.apply();
        Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - before);
        assertThat(cpu).isBetween(Duration.ofMillis(100), Duration.ofMillis(600));
    }

    @Test
    void sleepWorkWaitsWithoutBurningCpu() throws InterruptedException {
        var threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        long wallBefore = System.nanoTime();
        Work.parse("sleep:200ms").apply();
        assertThat(Duration.ofNanos(System.nanoTime() - wallBefore)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpuBefore)).isLessThan(Duration.ofMillis(50));
    }

    @Test
    void noWorkTakesNoTime() throws InterruptedException {
        long before = System.nanoTime();
        Work.NONE.apply();
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(50));
    }

    @Test
    void sleepWorkEndsWhenTheServerInterruptsIt() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> Work.parse("sleep:10s").apply()).isInstanceOf(InterruptedException.class);
    }
}
