package loadlab.load;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * An open loop whose in-flight cap is full when the window closes cannot send what is due: those
 * requests were part of the load, and vanishing from the figures would flatter the server. They are
 * counted as UNSENT, and in the latency figures at the least they waited: the window's end minus
 * their intended send.
 */
class UnsentRequestsTest {

    @Test
    void requestsTheCapKeptBackAreCountedAndTimedToTheWindowsEnd() throws Exception {
        TrialResult r;
        // 100/s, at most 2 in flight; the server stalls 300 ms after its first request, for 1.5 s: the
        // cap is full from about 0.3 s on, and the window (0.2 s to 1.2 s) closes with it still full.
        try (StallingServer server = new StallingServer(ofMillis(300), ofMillis(1500))) {
            r = LoadGenerator.run(LoadSpec.to(server.uri()).open(100, false, 2)
                    .warmup(ofMillis(200)).duration(ofMillis(1000)).build());
        }
        long unsent = r.failuresByCategory().getOrDefault(FailureCategory.UNSENT, 0L);
        System.out.println(r + "; unsent " + unsent + ", e.g. " + r.failureExamples().get(FailureCategory.UNSENT));

        assertThat(unsent).as("due from about 0.3 to 0.4 s (the stall, then two in flight) to 1.2 s, at 100/s").isBetween(70L, 95L);
        assertThat(r.failuresByCategory().keySet()).containsOnly(FailureCategory.UNSENT);
        assertThat(r.latency().getTotalCount()).as("the responses and the unsent").isEqualTo(r.successes() + unsent);
        assertThat(r.uncorrectedLatency().getTotalCount()).as("never sent: no actual send to time from").isEqualTo(r.successes());
        assertThat(r.latencyAt(100)).as("the two stuck in the stall, and the first unsent, waited most of the window (us)")
                .isGreaterThan(800_000);
        assertThat(r.failureExamples().get(FailureCategory.UNSENT).get(0)).contains("was never sent", "in-flight cap of 2");
        assertThat(r.meanInFlight()).as("Little's law on the wire: the unsent were never in flight")
                .isCloseTo(r.littlesLawInFlight(), within(0.01 * r.littlesLawInFlight())).isLessThanOrEqualTo(2.0);
    }
}
