package loadlab.load;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Hold}: connections opened only to be held. The result counts them apart from the load:
 * how many were opened, how many were still held at the end, and why each of the others was
 * dropped; the load's own figures do not change because of them.
 */
@Timeout(60)
class HeldConnectionsTest {

    @Test
    void heldConnectionsStayOpenToTheEndAndAreCountedApartFromTheLoad() throws Exception {
        try (EchoServer server = Models.start("event-loop", ServerConfig.defaults())) {
            LoadSpec spec = LoadSpec.to(server.uri()).closed(2, Double.POSITIVE_INFINITY, ThinkTime.none())
                    .hold(Hold.idle(300, 1000)).warmup(ofMillis(500)).duration(ofSeconds(1)).build();
            TrialResult r = LoadGenerator.run(spec);

            assertThat(r.held()).isEqualTo(new HeldConnections(300, 300, 300, Map.of(), 0, 0));
            assertThat(r.failures()).isZero();
            assertThat(r.successes()).as("the load's own requests").isPositive();
            assertThat(r.meanInFlight()).as("two users, the held connections not among them").isLessThanOrEqualTo(2.0);
        }
    }

    /** The server's idle timeout (700 ms) closes idle held connections: each is dropped, and says why. */
    @Test
    void theServersIdleTimeoutDropsIdleHeldConnectionsAndTheReasonIsGiven() throws Exception {
        try (EchoServer server = Models.start("event-loop", ServerConfig.defaults().withIdleTimeout(ofMillis(700)))) {
            LoadSpec spec = LoadSpec.to(server.uri()).closed(1, Double.POSITIVE_INFINITY, ThinkTime.constant(ofMillis(100)))
                    .hold(Hold.idle(20, 1000)).duration(ofSeconds(2)).build();
            HeldConnections held = LoadGenerator.run(spec).held();

            assertThat(held.opened()).isEqualTo(20);
            assertThat(held.held()).isZero();
            assertThat(held.dropReasons()).isEqualTo(Map.of("closed by the server while idle", 20L));
        }
    }

    /** A request every 300 ms keeps each held connection busy enough to outlive the same idle timeout. */
    @Test
    void aRequestEveryFewHundredMillisecondsKeepsHeldConnectionsAliveAndEachIsChecked() throws Exception {
        try (EchoServer server = Models.start("event-loop", ServerConfig.defaults().withIdleTimeout(ofMillis(700)))) {
            LoadSpec spec = LoadSpec.to(server.uri()).closed(1, Double.POSITIVE_INFINITY, ThinkTime.constant(ofMillis(100)))
                    .hold(Hold.idle(20, 1000).every(ofMillis(300))).duration(ofSeconds(2)).build();
            TrialResult r = LoadGenerator.run(spec);
            HeldConnections held = r.held();

            assertThat(held.held()).as(held.toString()).isEqualTo(20);
            assertThat(held.requests()).as("about 6 each in 2 s").isBetween(20L * 4, 20L * 8);
            assertThat(held.failedRequests()).isZero();
            assertThat(r.requests()).as("the load's requests only: one user, a request per 100 ms").isLessThan(30);
        }
    }

    @Test
    void connectionsThatNeverOpenAreDroppedWithTheirReason() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // nothing listens there once it is closed
        }
        LoadSpec spec = LoadSpec.to(URI.create("http://127.0.0.1:" + port + "/")).closed(1, Double.POSITIVE_INFINITY,
                ThinkTime.constant(ofMillis(200))).hold(Hold.idle(10, 1000)).duration(ofMillis(500)).build();
        HeldConnections held = LoadGenerator.run(spec).held();

        assertThat(held).isEqualTo(new HeldConnections(10, 0, 0, Map.of("connect: CONNECT_REFUSED", 10L), 0, 0));
        assertThat(held.dropped()).isEqualTo(10);
    }

    @Test
    void heldConnectionsCountAgainstTheDescriptorLimit() {
        LoadSpec spec = LoadSpec.to(URI.create("http://127.0.0.1:1/")).closed(1, Double.POSITIVE_INFINITY, ThinkTime.none())
                .hold(Hold.idle(100_000_000, 1000)).build();
        assertThat(DescriptorLimit.connectionsNeeded(spec)).isEqualTo(100_000_001L);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DescriptorLimit.check(spec))
                .hasMessageContaining("100000001 connections").hasMessageContaining("held connections");
    }
}
