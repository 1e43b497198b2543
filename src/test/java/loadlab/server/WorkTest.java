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
    // machine is busy and we wait for a core: at least the 0.9 x nominal each trial checks, and
    // little more (one reading of the clock per few microseconds).
    @Test
    void cpuWorkBurnsItsDurationOfThisThreadsCpuTime() throws InterruptedException {
        var threads = ManagementFactory.getThreadMXBean();
        Work work = Work.parse("cpu:200ms");
        work.apply(); // once to compile the loop
        long before = threads.getCurrentThreadCpuTime();
        work.apply();
        Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - before);
        assertThat(cpu).as("CPU time of cpu:200ms on a platform thread").isBetween(Duration.ofMillis(180), Duration.ofMillis(260));
    }

    // A virtual thread has no CPU clock: it runs calibrated iterations, which must cost at least 0.9
    // of the duration too. Measured as the whole process's CPU time, which other threads only raise.
    @Test
    void cpuWorkOnAVirtualThreadBurnsAtLeastNineTenthsOfItsDuration() throws Exception {
        var process = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Work work = Work.parse("cpu:200ms");
        Work.iterationsPerMicro(); // calibrate first: it burns CPU too
        Thread.ofVirtual().start(() -> apply(work)).join(); // once to compile the loop
        long before = process.getProcessCpuTime();
        Thread.ofVirtual().start(() -> apply(work)).join();
        Duration cpu = Duration.ofNanos(process.getProcessCpuTime() - before);
        assertThat(cpu).as("CPU time of the process while a virtual thread did cpu:200ms (calibrated at %.0f iterations/us)",
                Work.iterationsPerMicro()).isBetween(Duration.ofMillis(180), Duration.ofMillis(1_000));
    }

    private static void apply(Work work) {
        try {
            work.apply();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
