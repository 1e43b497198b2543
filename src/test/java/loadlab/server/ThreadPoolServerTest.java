package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ThreadPoolServerTest {

    private record Answer(int status, boolean closes, Duration after) { }

    // One thread and a queue of one, each request sleeping 1 s: of five clients that connect at once,
    // one is served, one waits in the queue, and the other three are turned away with 503 at once.
    // "At once" is measured against the 1 s of work: a 503 that waited for a thread would take 1 s.
    @Test
    void aFullQueueGets503AtOnceInsteadOfAWait() throws Exception {
        ServerConfig config = ServerConfig.defaults().withThreads(1).withQueue(1).withWork(Work.parse("sleep:1s"));
        try (EchoServer server = Models.start("thread-pool", config);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch connected = new CountDownLatch(5);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(clients.submit(() -> {
                    try (RawClient client = RawClient.connect(server)) {
                        connected.countDown();
                        connected.await(10, TimeUnit.SECONDS);
                        long start = System.nanoTime();
                        HttpResponse response = client.exchange(Requests.get("/busy"));
                        return new Answer(response.status(), response.closes(), Duration.ofNanos(System.nanoTime() - start));
                    }
                }));
            }
            List<Answer> all = new ArrayList<>();
            for (Future<Answer> answer : answers) {
                all.add(answer.get(30, TimeUnit.SECONDS));
            }
            List<Answer> rejected = all.stream().filter(a -> a.status() == 503).toList();
            assertThat(all).extracting(Answer::status).containsOnly(200, 503);
            assertThat(rejected).as("503s in " + all).hasSize(3);
            assertThat(rejected).allSatisfy(a -> {
                assertThat(a.after()).isLessThan(Duration.ofMillis(700));
                assertThat(a.closes()).isTrue();
            });
            Requests.assertStillAnswers(server);
        }
    }
}
