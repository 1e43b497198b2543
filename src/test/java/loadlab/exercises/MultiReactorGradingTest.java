package loadlab.exercises;

import java.util.List;
import loadlab.server.EchoTest;

/**
 * Grades exercise 3, {@code MultiReactorServer}, with the correctness and concurrency tests every
 * model passes ({@link EchoTest}: GET and POST echoed byte-exact, three requests on one keep-alive
 * connection, {@code Connection: close} honoured, HTTP/1.0, 50 concurrent clients, the JDK's
 * HttpClient). Its throughput claim is graded by {@link MultiReactorThroughputGradingTest}.
 */
@Graded(3)
class MultiReactorGradingTest extends EchoTest {

    static List<String> models() {
        return List.of("multi-reactor");
    }
}
