package loadlab.workbook;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;
import loadlab.stats.Estimate;

/**
 * Whether a workbook exercise's server model is done: it starts and echoes one request correctly.
 * Experiments and {@code compare} leave out the models that are not, saying so; grading reports an
 * exercise that still throws its TODO as not done at once, without loading it.
 *
 * <p>One GET is enough to tell, and quick: a TODO that throws on a server thread (the acceptor, a
 * worker, a connection's handler) is caught as it happens and ends the probe's wait.
 */
public final class ExerciseStatus {

    /** What one probe found: the TODO the model still throws, or another reason it does not answer. */
    private record Probe(Optional<NotDone> todo, Optional<String> problem) { }

    private static final Map<String, Probe> CHECKED = new ConcurrentHashMap<>();
    private static final int PROBE_MILLIS = 2_000;
    /** A connection's handler may close the socket just before its thread reports the TODO it died of. */
    private static final int REPORT_GRACE_MILLIS = 500;

    private ExerciseStatus() { }

    /** Empty when the model is done (or is not an exercise); otherwise why it is not, for a person. */
    public static Optional<String> notDone(String model) {
        Models.Model m = Models.byName(model);
        if (m.exercise() == 0) {
            return Optional.empty();
        }
        Probe probe = CHECKED.computeIfAbsent(model, name -> probe(m));
        return probe.todo().map(todo -> todo.message() + " (model " + model + ")")
                .or(() -> probe.problem().map(why -> "Exercise " + m.exercise() + " (model " + model + ") " + why));
    }

    /** The TODO that a server exercise still throws when it serves a GET; empty once it answers, rightly or wrongly. */
    public static Optional<NotDone> unstarted(String model) {
        Models.Model m = Models.byName(model);
        return m.exercise() == 0 ? Optional.empty() : CHECKED.computeIfAbsent(model, name -> probe(m)).todo();
    }

    /**
     * Whether the lab's confidence intervals can be computed. In the students' hand-out they are the
     * student's {@code ConfidenceInterval} (exercise 4), so until it is done no experiment can report.
     */
    public static Optional<NotDone> intervalsNotDone() {
        try {
            Estimate.of(new double[] {1, 2});
            return Optional.empty();
        } catch (RuntimeException e) {
            Optional<NotDone> todo = NotDone.in(e);
            if (todo.isEmpty()) {
                throw e; // a bug in the statistics, not an exercise to do: not to be mistaken for one
            }
            return todo;
        }
    }

    private static Probe probe(Models.Model model) {
        AtomicReference<NotDone> seen = new AtomicReference<>();
        AtomicReference<Socket> client = new AtomicReference<>();
        CountDownLatch reported = new CountDownLatch(1);
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        // An unsolved exercise's server threads die of their TODO: note it, and end the client's wait.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> NotDone.in(e).ifPresent(todo -> {
            if (seen.compareAndSet(null, todo)) {
                closeQuietly(client.get());
                reported.countDown();
            }
        }));
        try (EchoServer server = model.start(ServerConfig.defaults().withWorkers(2).withThreads(2));
             Socket socket = new Socket()) {
            client.set(socket);
            if (seen.get() != null) {
                return new Probe(Optional.of(seen.get()), Optional.empty());
            }
            socket.connect(new InetSocketAddress(server.address().getAddress(), server.port()), PROBE_MILLIS);
            socket.setSoTimeout(PROBE_MILLIS);
            byte[] request = "GET /probe HTTP/1.1\r\nHost: loadlab\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(request);
            HttpResponse response = ResponseParser.read(new BufferedInputStream(socket.getInputStream()));
            if (response.status() != 200 || !Arrays.equals(response.body(), request)) {
                return new Probe(Optional.empty(), Optional.of("echoes a GET wrongly (status " + response.status() + ")"));
            }
            return new Probe(Optional.ofNullable(seen.get()), Optional.empty());
        } catch (IOException | RuntimeException e) {
            Optional<NotDone> todo = NotDone.in(e).or(() -> awaitReport(reported, seen));
            return new Probe(todo, todo.isPresent() ? Optional.empty() : Optional.of("does not answer a GET (" + e + ")"));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static Optional<NotDone> awaitReport(CountDownLatch reported, AtomicReference<NotDone> seen) {
        try {
            reported.await(REPORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.ofNullable(seen.get());
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close(); // wakes the probe's read: the answer will not come
            } catch (IOException ignored) {
                // closing our own client socket: nothing left to do with it
            }
        }
    }
}
