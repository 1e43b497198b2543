package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The acceptor's back-off: 50 ms doubling to 1 s while accepting keeps failing, as Tomcat's does. */
class AcceptBackoffTest {

    @Test
    void waitsFiftyMillisecondsDoublingToOneSecondAndStartsAgainAfterASuccess() {
        AcceptBackoff backoff = new AcceptBackoff("test");
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(backoff.failed(new IOException("Too many open files")));
        }
        assertThat(waits).containsExactly(50L, 100L, 200L, 400L, 800L, 1000L, 1000L, 1000L);
        backoff.succeeded();
        assertThat(backoff.failed(new IOException("Too many open files"))).isEqualTo(50L);
    }
}
