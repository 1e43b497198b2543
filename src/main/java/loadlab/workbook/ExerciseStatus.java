package loadlab.workbook;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;
import loadlab.server.EchoServer;
import loadlab.server.Models;
import loadlab.server.ServerConfig;

/**
 * Whether a workbook exercise's server model is done: it starts and echoes one request correctly.
 * Experiments and {@code compare} leave out the models that are not, saying so.
 */
public final class ExerciseStatus {

    private static final Map<String, Optional<String>> CHECKED = new ConcurrentHashMap<>();

    private ExerciseStatus() { }

    /** Empty when the model is done (or is not an exercise); otherwise why it is not, for a person. */
    public static Optional<String> notDone(String model) {
        Models.Model m = Models.byName(model);
        if (m.exercise() == 0) {
            return Optional.empty();
        }
        return CHECKED.computeIfAbsent(model, name -> probe(m));
    }

    private static Optional<String> probe(Models.Model model) {
        String notDone = "Exercise " + model.exercise() + " not done yet (model " + model.name() + ")";
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> { }); // an unsolved exercise's threads die
        try (EchoServer server = model.start(ServerConfig.defaults().withWorkers(2).withThreads(2));
             Socket socket = new Socket(server.address().getAddress(), server.port())) {
            socket.setSoTimeout(2_000);
            byte[] request = "GET /probe HTTP/1.1\r\nHost: loadlab\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            socket.getOutputStream().write(request);
            HttpResponse response = ResponseParser.read(new BufferedInputStream(socket.getInputStream()));
            if (response.status() != 200 || !Arrays.equals(response.body(), request)) {
                return Optional.of(notDone + ": its echo is wrong");
            }
            return Optional.empty();
        } catch (UnsupportedOperationException e) {
            return Optional.of(notDone + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return Optional.of(notDone + ": it does not answer a GET (" + e + ")");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }
}
