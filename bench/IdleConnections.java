import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side figure for scenario 9 of issue 10: the median round trip of one ping-pong
 * client with no other connection open, and with IDLE connections open that never send a byte,
 * measured in alternating rounds against the same server. Run by bench/idle-connections.sh:
 *
 *   java bench/IdleConnections.java PORT [IDLE] [ROUNDS] [ROUND_TRIPS]
 */
public class IdleConnections {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int idle = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int roundTrips = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        try (Socket pingPong = connect(port)) {
            medianMicros(pingPong, roundTrips); // warm-up: the JIT, on both sides
            List<Double> ratios = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double none = medianMicros(pingPong, roundTrips);
                List<Socket> sockets = openIdle(port, idle);
                Thread.sleep(1_000); // the server has taken them all in
                double withIdle = medianMicros(pingPong, roundTrips);
                for (Socket s : sockets) {
                    s.close();
                }
                Thread.sleep(1_000);
                double ratio = withIdle / none;
                ratios.add(ratio);
                System.out.printf(Locale.ROOT, "round %d: median round trip %.1f us with no other connection, %.1f us with %d idle: ratio %.2f%n",
                        round, none, withIdle, idle, ratio);
            }
            double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted[sorted.length / 2];
            System.out.printf(Locale.ROOT, "median ratio over %d rounds: %.2f (the claim: at most 1.5)%n", rounds, median);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    private static List<Socket> openIdle(int port, int n) throws IOException {
        List<Socket> sockets = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            sockets.add(connect(port));
        }
        return sockets;
    }

    private static double medianMicros(Socket socket, int n) throws IOException {
        byte[] request = "GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            out.write(request);
            readResponse(in);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos[n / 2] / 1_000.0;
    }

    // Enough of HTTP for an echo: the head up to the blank line, then Content-Length bytes.
    private static void readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) { // CR LF CR LF
            int b = in.read();
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            head.append((char) b);
            last4 = (last4 << 8) | b;
        }
        int at = head.indexOf("Content-Length: ");
        int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r", at)));
        in.readNBytes(length);
    }
}
