package loadlab.experiments;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import loadlab.Durations;
import loadlab.experiment.Disturbance;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.RequestTemplate;
import loadlab.load.SlowClients;
import loadlab.load.ThinkTime;
import loadlab.load.TrialResult;

/**
 * Slow clients that arrive once, in the middle of the window, beside the trial's own users: each of
 * {@code clients} connects {@code intoWindow} after the window opens and sends one request at
 * {@code pace}'s rate (slowloris), or reads its response at that rate (a slow reader of a large
 * response: {@code bodyBytes} echoed back), and then goes away. A second run of the lab's own
 * generator makes them ({@link SlowClients}), so their requests are checked and counted as any are;
 * {@link #result()} has them once the trial is over.
 *
 * @param lasts how long the slow clients' run lasts; it must end before the trial's window does
 */
public record SlowClientsAttack(int clients, SlowClients pace, int bodyBytes, Duration intoWindow, Duration lasts,
                                AtomicReference<TrialResult> outcome) implements Disturbance {

    static final int SLOWLORIS_PADDING = 300;

    /** {@code clients} sending their request heads at {@code bytesPerSecond}. */
    public static SlowClientsAttack slowloris(int clients, long bytesPerSecond, Duration intoWindow, Duration lasts) {
        return new SlowClientsAttack(clients, SlowClients.sending(bytesPerSecond), 0, intoWindow, lasts, new AtomicReference<>());
    }

    /** {@code clients} sending a {@code bodyBytes} body at full speed, and reading its echo at {@code bytesPerSecond}. */
    public static SlowClientsAttack slowReaders(int clients, long bytesPerSecond, int bodyBytes, Duration intoWindow,
                                                Duration lasts) {
        return new SlowClientsAttack(clients, SlowClients.reading(bytesPerSecond), bodyBytes, intoWindow, lasts,
                new AtomicReference<>());
    }

    /** The slow clients' own result: their requests, how each ended. Null before the trial is over. */
    public TrialResult result() {
        return outcome.get();
    }

    @Override
    public Running start(long serverPid, Duration warmup) {
        throw new UnsupportedOperationException("slow clients need the server's address");
    }

    @Override
    public Running start(long serverPid, InetSocketAddress address, Duration warmup) {
        URI target = URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/slow");
        // One request each: a think time longer than the run retires each client after its first. A slowloris
        // head is padded to outlast any window here (300 bytes at 10 a second: 30 s), so only a deadline ends it.
        RequestTemplate request = bodyBytes == 0
                ? RequestTemplate.get().withPath("/slow").withHeader("X-Slow", "s".repeat(SLOWLORIS_PADDING))
                : RequestTemplate.post("/slow", bodyBytes);
        LoadSpec spec = LoadSpec.to(target).closed(clients, Double.POSITIVE_INFINITY, ThinkTime.parse("1h"))
                .request(request)
                .slow(pace).duration(lasts).readTimeout(lasts).build();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread attacker = Thread.ofPlatform().name("slow-clients-" + serverPid).start(() -> {
            try {
                Thread.sleep(warmup.plus(intoWindow));
                outcome.set(LoadGenerator.run(spec));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the trial is over early: no attack
            } catch (Exception e) {
                failure.set(e);
            }
        });
        return () -> {
            attacker.join(warmup.plus(intoWindow).plus(lasts).plus(lasts).plusSeconds(5));
            if (attacker.isAlive()) {
                attacker.interrupt();
                throw new IllegalStateException("the slow clients did not finish in time");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("the slow clients could not run", failure.get());
            }
        };
    }

    @Override
    public String toString() {
        return clients + " slow clients (" + (pace.sendBytesPerSec() > 0 ? "sending " + pace.sendBytesPerSec()
                : "reading " + pace.readBytesPerSec()) + " B/s), " + Durations.format(intoWindow) + " into the window";
    }
}
