package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link SlowClients}: a slow user moves its bytes no faster than its rate, so each of its requests
 * takes at least its size over the rate; its requests are counted apart, and the fast users beside it
 * keep their own figures.
 */
@Timeout(60)
class SlowClientsPacingTest {

    private static final int BODY = 400;

    /** One of three users sends at 800 B/s: its 400-byte body alone takes half a second. */
    @Test
    void aSlowSenderTakesItsRequestsSizeOverItsRateAndIsCountedApart() throws Exception {
        try (EchoServer server = Models.start("event-loop", ServerConfig.defaults())) {
            LoadSpec spec = LoadSpec.to(server.uri()).closed(3, Double.POSITIVE_INFINITY, ThinkTime.none())
                    .request(RequestTemplate.post("/", BODY)).slow(SlowClients.sending(800).users(1)).duration(ofSeconds(2)).build();
            TrialResult r = LoadGenerator.run(spec);
            TrialResult slow = r.slowUsers();

            assertThat(slow.failures()).isZero();
            assertThat(slow.requests()).as("2 s at more than 0.5 s each").isBetween(1L, 4L);
            assertThat(slow.latency().getMinValue()).as("µs, at least the body over the rate").isGreaterThanOrEqualTo(500_000);
            assertThat(r.failures()).isZero();
            assertThat(r.requests()).as("the two fast users, thousands").isGreaterThan(100);
            assertThat(r.meanInFlight()).as("the fast users only").isLessThanOrEqualTo(2.0);
        }
    }

    /** Every user reads at 2 KiB/s: the echo of a 2 KiB body, with its head, takes more than a second. */
    @Test
    void aSlowReaderTakesTheResponsesSizeOverItsRate() throws Exception {
        try (EchoServer server = Models.start("event-loop", ServerConfig.defaults())) {
            LoadSpec spec = LoadSpec.to(server.uri()).closed(2, Double.POSITIVE_INFINITY, ThinkTime.none())
                    .request(RequestTemplate.post("/", 2048)).slow(SlowClients.reading(2048)).duration(ofMillis(2500)).build();
            TrialResult r = LoadGenerator.run(spec);

            assertThat(r.requests()).as("no fast users").isZero();
            assertThat(r.slowUsers().failures()).isZero();
            assertThat(r.slowUsers().requests()).isBetween(2L, 6L);
            assertThat(r.slowUsers().latency().getMinValue()).as("µs").isGreaterThanOrEqualTo(1_000_000);
        }
    }
}
