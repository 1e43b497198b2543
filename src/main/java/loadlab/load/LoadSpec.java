package loadlab.load;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import loadlab.Durations;

/**
 * One trial's load: where, how much, how long. Build it with {@link #to(URI)}:
 * <pre>{@code
 * LoadSpec spec = LoadSpec.to(server.uri()).closed(50, 10, ThinkTime.between(ofMillis(50), ofMillis(150)))
 *         .duration(ofSeconds(5)).warmup(ofSeconds(1)).build();
 * }</pre>
 *
 * <p>The run always stops by itself: issuing ends after {@code warmup + duration} (or after
 * {@code maxRequests}), and a request still out then gets at most its connect and read timeouts
 * before its socket is closed.
 *
 * <p>Responses are read strictly, unless {@code lenient}: then as locust reads them (a bare LF ends a
 * line, and a response without Content-Length ends at the close; see
 * {@link loadlab.http.ResponseParser}). Either way the body must be the request's exact echo.
 */
public record LoadSpec(URI target, LoadProfile profile, ConnectionMode mode, RequestTemplate request,
                       Duration duration, Duration warmup, Duration connectTimeout, Duration readTimeout,
                       long maxRequests, boolean allowRemote, int loops, Hold hold, SlowClients slow, boolean lenient) {

    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
    /** A safety net, not a knob: far more than any run here should send. */
    public static final long DEFAULT_MAX_REQUESTS = 100_000_000L;

    public LoadSpec {
        Objects.requireNonNull(target, "target");
        if (!"http".equals(target.getScheme()) || target.getHost() == null) {
            throw new IllegalArgumentException("the target must be an http://host[:port]/ URL, was " + target);
        }
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(request, "request");
        requirePositive(duration, "duration");
        Objects.requireNonNull(warmup, "warmup");
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative, was " + Durations.format(warmup));
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(readTimeout, "read timeout");
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests must be at least 1, was " + maxRequests);
        }
        if (loops < 0) {
            throw new IllegalArgumentException("loops must be at least 1 (or 0: one per core), was " + loops);
        }
        Objects.requireNonNull(hold, "hold");
        Objects.requireNonNull(slow, "slow");
        if (slow.any() && !(profile instanceof ClosedLoop)) {
            throw new IllegalArgumentException("slow clients are closed-loop users: give users, not a rate");
        }
    }

    /** The same load aimed at another server. */
    public LoadSpec withTarget(URI other) {
        return new LoadSpec(other, profile, mode, request, duration, warmup, connectTimeout, readTimeout, maxRequests,
                allowRemote, loops, hold, slow, lenient);
    }

    public static Builder to(URI target) {
        return new Builder(target);
    }

    /** The port the target names, or 80. */
    public int port() {
        return target.getPort() < 0 ? 80 : target.getPort();
    }

    private static void requirePositive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + Durations.format(d));
        }
        if (d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is too long: " + d);
        }
    }

    /** Defaults: one user without think time, keep-alive, {@code GET} of the target's path, 10 s, no warm-up. */
    public static final class Builder {
        private final URI target;
        private LoadProfile profile = new ClosedLoop(1, Double.POSITIVE_INFINITY, ThinkTime.none());
        private ConnectionMode mode = ConnectionMode.KEEP_ALIVE;
        private RequestTemplate request;
        private Duration duration = DEFAULT_DURATION;
        private Duration warmup = Duration.ZERO;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private long maxRequests = DEFAULT_MAX_REQUESTS;
        private boolean allowRemote;
        private int loops;
        private Hold hold = Hold.NONE;
        private SlowClients slow = SlowClients.NONE;
        private boolean lenient;

        private Builder(URI target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        public Builder profile(LoadProfile p) {
            profile = p;
            return this;
        }

        public Builder closed(int users, double spawnRatePerSec, ThinkTime think) {
            return profile(new ClosedLoop(users, spawnRatePerSec, think));
        }

        public Builder open(double ratePerSec, boolean poisson, int maxInFlight) {
            return profile(new OpenLoop(ratePerSec, poisson, maxInFlight));
        }

        public Builder mode(ConnectionMode m) {
            mode = m;
            return this;
        }

        public Builder request(RequestTemplate r) {
            request = r;
            return this;
        }

        public Builder duration(Duration d) {
            duration = d;
            return this;
        }

        public Builder warmup(Duration d) {
            warmup = d;
            return this;
        }

        public Builder connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public Builder readTimeout(Duration d) {
            readTimeout = d;
            return this;
        }

        public Builder maxRequests(long n) {
            maxRequests = n;
            return this;
        }

        /** The generator's loop threads; 0 (the default): one per core. */
        public Builder loops(int n) {
            loops = n;
            return this;
        }

        /** Connections opened only to be held, besides the load (C10K). */
        public Builder hold(Hold h) {
            hold = h;
            return this;
        }

        /** Users that send or read slowly, counted apart (slowloris, slow readers). */
        public Builder slow(SlowClients s) {
            slow = s;
            return this;
        }

        /** Read responses as locust does: bare LF line ends, a body that ends at the close. The echo is still checked. */
        public Builder lenient(boolean asLocustReads) {
            lenient = asLocustReads;
            return this;
        }

        public Builder allowRemote(boolean allow) {
            allowRemote = allow;
            return this;
        }

        public LoadSpec build() {
            RequestTemplate r = request;
            if (r == null) {
                String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
                r = RequestTemplate.get().withPath(target.getRawQuery() == null ? path : path + "?" + target.getRawQuery());
            }
            return new LoadSpec(target, profile, mode, r, duration, warmup, connectTimeout, readTimeout,
                    maxRequests, allowRemote, loops, hold, slow, lenient);
        }
    }
}
