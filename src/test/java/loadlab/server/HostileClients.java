package loadlab.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;

/**
 * The clients of {@link HostileClientsTest}: many at once, each on a virtual thread, each with a
 * read timeout, each ending in what it got: a response (read by the strict parser, so a malformed
 * one fails), or a clean close without one. A timeout or a reset before any response fails it.
 */
final class HostileClients {

    /** What a client got: a status and body, or {@link #CLOSED} (the server closed without a word). */
    record Answer(int status, byte[] body) {
        static final int CLOSED = -1;

        boolean is(int code) {
            return status == code;
        }
    }

    private HostileClients() { }

    /**
     * Sends all of {@code request}, then reads one answer, on the calling thread: for a server that
     * reads every request to its end, or refuses it and drains the rest (a lingering close).
     */
    static Answer sendThenRead(int port, byte[] request, int timeoutMillis) throws IOException {
        try (Socket socket = connect(port, timeoutMillis)) {
            socket.getOutputStream().write(request);
            return read(socket);
        }
    }

    /** Sends {@code request} (on its own thread: a write has no timeout) and reads one answer. */
    static Answer exchange(int port, byte[] request, int timeoutMillis) throws IOException {
        try (Socket socket = connect(port, timeoutMillis)) {
            return exchange(socket, request);
        }
    }

    static Answer exchange(Socket socket, byte[] request) throws IOException {
        OutputStream out = socket.getOutputStream();
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                out.write(request);
                out.flush();
            } catch (IOException ignored) {
                // the server answered (413, 503) and closed before it read it all: the answer tells
            }
        });
        try {
            return read(socket);
        } finally {
            sender.interrupt();
        }
    }

    /** One answer on a connection: a response, or a clean close before any byte of one. */
    static Answer read(Socket socket) throws IOException {
        return read(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    }

    /** One answer from a stream that supports mark and reset. */
    static Answer read(InputStream in) throws IOException {
        in.mark(1);
        if (in.read() < 0) {
            return new Answer(Answer.CLOSED, new byte[0]);
        }
        in.reset();
        HttpResponse response = ResponseParser.read(in);
        return new Answer(response.status(), response.body());
    }

    static Socket connect(int port, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setSoTimeout(timeoutMillis);
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** How long all the clients of one {@link #concurrently} call may take together. */
    static final long ALL_CLIENTS_SECONDS = 90;

    /**
     * Runs {@code n} clients at once and returns what each got; the first failure is thrown, with its
     * client's number. Bounded: a client still running after {@link #ALL_CLIENTS_SECONDS} (a write has
     * no timeout) fails the call, and every client left is interrupted, which closes its socket, so
     * that a server that stopped reading fails the test instead of hanging it.
     */
    static <T> List<T> concurrently(int n, ClientTask<T> task) throws Exception {
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<T>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int client = i;
                results.add(clients.submit((Callable<T>) () -> task.run(client)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ALL_CLIENTS_SECONDS);
            List<T> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                try {
                    answers.add(results.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("client " + i + " of " + n + ": " + e.getCause(), e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    long running = results.stream().filter(r -> !r.isDone()).count();
                    throw new AssertionError("client " + i + " of " + n + " had no answer after " + ALL_CLIENTS_SECONDS
                            + " s, and " + running + " clients were still sending or waiting");
                }
            }
            return answers;
        } finally {
            clients.shutdownNow(); // interrupts what is left: a virtual thread's blocked socket call closes its socket
            if (!clients.awaitTermination(10, TimeUnit.SECONDS)) {
                System.err.println("HostileClients: clients still running 10 s after they were interrupted");
            }
        }
    }

    @FunctionalInterface
    interface ClientTask<T> {
        T run(int client) throws Exception;
    }

    static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
