package loadlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import loadlab.Durations;
import loadlab.load.ConnectionMode;
import loadlab.load.DescriptorLimit;
import loadlab.load.Hold;
import loadlab.load.LoadGenerator;
import loadlab.load.LoadSpec;
import loadlab.load.OpenLoop;
import loadlab.load.RequestTemplate;
import loadlab.load.SlowClients;
import loadlab.load.Summary;
import loadlab.load.ThinkTime;
import loadlab.load.TrialFiles;
import loadlab.load.TrialResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code load URL}: one trial against a running server, a live line a second, a summary, thresholds. */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Loads a server and checks every response (it must echo the request exactly).",
                "",
                "Closed loop (like locust): --users N [--spawn-rate R] [--think 5s..15s | 5s | exp:10s | none].",
                "Open loop (like wrk2): --rate 500/s [--poisson] [--max-in-flight N]; latency is timed from",
                "the intended send time, so a stalled server can't hide (no coordinated omission).",
                "Without --users or --rate: 10 users without think time.",
                "",
                "The engine: a few loop threads (--loops, by default one per core), each owning many",
                "connections. A loop thread asks the kernel which of its sockets are ready (one epoll_wait",
                "for all of them), reads and parses each response as far as it has come, writes the next",
                "requests, and wakes the users whose think time is over and the requests whose time has",
                "come from its own timers. Nothing blocks but that wait, so one thread serves thousands",
                "of connections; a thread per connection would pay a thread's memory for each, and a",
                "wake-up of that thread (a context switch) for each response.",
                "",
                "Exit code: 0 done, 1 a threshold (--fail-ratio, --p99) was broken, 2 bad usage.",
                ""})
public final class LoadCommand implements Callable<Integer> {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)(?:/(s|m))?");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB)?");

    @Parameters(index = "0", paramLabel = "URL", description = "the server, e.g. http://127.0.0.1:8080/")
    String url;

    @Option(names = "--users", paramLabel = "N", description = "closed loop: simulated users")
    Integer users;

    @Option(names = "--spawn-rate", paramLabel = "R", description = "closed loop: users started per second (default: all at once)")
    Double spawnRate;

    @Option(names = "--think", paramLabel = "T", description = "closed loop: think time: none, 5s, 5s..15s (uniform), exp:10s (default: none)")
    String think;

    @Option(names = "--rate", paramLabel = "R", description = "open loop: requests per second, as 500/s, 500 or 3000/m")
    String rate;

    @Option(names = "--poisson", description = "open loop: Poisson arrivals instead of even spacing")
    boolean poisson;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "open loop: cap on requests outstanding (default: ${DEFAULT-VALUE})",
            defaultValue = "" + OpenLoop.DEFAULT_MAX_IN_FLIGHT)
    int maxInFlight;

    @Option(names = "--duration", defaultValue = "30s", description = "measurement window (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--warmup", defaultValue = "5s", description = "warm-up before it, excluded from all figures (default: ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--close-each", description = "a new connection per request (Connection: close), as the seed's servers forced")
    boolean closeEach;

    @Option(names = "--lenient", description = "read responses as locust does: a bare LF ends a line, and a response"
            + " without Content-Length ends at the close; the echo is still checked")
    boolean lenient;

    @Option(names = "--body", paramLabel = "SIZE", defaultValue = "0B", description = "request body size: 512B, 4KiB (default: ${DEFAULT-VALUE}); a body makes the method POST")
    String body;

    @Option(names = "--method", paramLabel = "M", description = "request method (default: GET, or POST with a body)")
    String method;

    @Option(names = "--header", paramLabel = "'NAME: VALUE'", description = "an extra request header (repeatable)")
    List<String> headers = new ArrayList<>();

    @Option(names = "--connect-timeout", defaultValue = "2s", description = "(default: ${DEFAULT-VALUE})")
    String connectTimeout;

    @Option(names = "--read-timeout", defaultValue = "10s", description = "(default: ${DEFAULT-VALUE})")
    String readTimeout;

    @Option(names = "--max-requests", paramLabel = "N", description = "hard cap on requests sent, warm-up included (default: ${DEFAULT-VALUE})",
            defaultValue = "" + LoadSpec.DEFAULT_MAX_REQUESTS)
    long maxRequests;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the per-second series as CSV")
    Path csv;

    @Option(names = "--json", paramLabel = "FILE", description = "write the whole result as JSON")
    Path json;

    @Option(names = "--fail-ratio", paramLabel = "X", description = "exit 1 if more than this share of requests failed, e.g. 0.01")
    Double failRatio;

    @Option(names = "--p99", paramLabel = "D", description = "exit 1 if the 99th percentile latency is above this, e.g. 50ms")
    String p99;

    @Option(names = "--loops", paramLabel = "N", description = "loop threads of the generator (default: one per core, never more than users or --max-in-flight)")
    Integer loops;

    @Option(names = "--hold", paramLabel = "N", description = "also open N keep-alive connections and hold them idle"
            + " for the run (C10K), counted apart: opened, held, dropped and why")
    Integer hold;

    @Option(names = "--hold-rate", paramLabel = "R", description = "held connections opened per second, as 500/s"
            + " (default: 1000/s)")
    String holdRate;

    @Option(names = "--hold-every", paramLabel = "D", description = "each held connection sends one request this often,"
            + " e.g. 5s (default: none, idle)")
    String holdEvery;

    @Option(names = "--slow-send", paramLabel = "RATE", description = "users send their requests at RATE bytes a second,"
            + " as 10B/s or 1KiB/s (slowloris); counted apart from the others")
    String slowSend;

    @Option(names = "--slow-read", paramLabel = "RATE", description = "users read their responses at RATE bytes a second,"
            + " with a small receive buffer (a slow reader); counted apart from the others")
    String slowRead;

    @Option(names = "--slow-users", paramLabel = "K", description = "only the first K users are slow (default: all of them)")
    Integer slowUsers;

    @Option(names = "--allow-remote", description = "allow a target that is not a loopback address (prints a warning)")
    boolean allowRemote;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        LoadSpec spec;
        Duration p99Limit;
        try {
            spec = spec();
            LoadGenerator.resolve(spec); // refuse a remote or unknown host before printing anything
            DescriptorLimit.check(spec); // and a run that would run out of file descriptors
            p99Limit = p99 == null ? null : Durations.parse(p99);
            if (failRatio != null && !(failRatio >= 0 && failRatio <= 1)) {
                throw new IllegalArgumentException("--fail-ratio must be between 0 and 1, was " + failRatio);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
        }
        PrintWriter out = commandSpec.commandLine().getOut();
        out.println("loadlab load " + spec.target() + ": " + spec.profile() + ", "
                + (spec.mode() == ConnectionMode.KEEP_ALIVE ? "keep-alive" : "a new connection per request")
                + (spec.lenient() ? ", read leniently as locust reads" : "")
                + ", warm-up " + Durations.format(spec.warmup()) + ", window " + Durations.format(spec.duration()));
        String limit = DescriptorLimit.describe();
        if (!limit.isEmpty()) {
            out.println(limit + "; this run needs " + DescriptorLimit.connectionsNeeded(spec));
        }
        out.flush();
        TrialResult result = LoadGenerator.run(spec, sample -> {
            out.println(Summary.liveLine(sample, spec));
            out.flush();
        });
        out.println();
        out.print(Summary.table(result, spec));
        if (csv != null) {
            TrialFiles.writeCsv(result, csv);
            out.println("series written to " + csv);
        }
        if (json != null) {
            TrialFiles.writeJson(result, spec, json);
            out.println("result written to " + json);
        }
        return verdict(result, p99Limit, out);
    }

    private int verdict(TrialResult r, Duration p99Limit, PrintWriter out) {
        int code = 0;
        if (failRatio != null && r.failureRatio() > failRatio) {
            out.printf(Locale.ROOT, "THRESHOLD BROKEN: failure ratio %.4f > %s%n", r.failureRatio(), failRatio);
            code = 1;
        }
        long p99Micros = r.latency().getValueAtPercentile(99);
        if (p99Limit != null && p99Micros * 1000 > p99Limit.toNanos()) {
            out.printf(Locale.ROOT, "THRESHOLD BROKEN: p99 %.3f ms > %s%n", p99Micros / 1000.0, Durations.format(p99Limit));
            code = 1;
        }
        out.flush();
        return code;
    }

    private LoadSpec spec() {
        URI target;
        try {
            target = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (" + e.getMessage() + ")");
        }
        LoadSpec.Builder b = LoadSpec.to(target);
        if (rate != null) {
            if (users != null || spawnRate != null || think != null) {
                throw new IllegalArgumentException("--rate (open loop) does not go with --users, --spawn-rate or --think (closed loop)");
            }
            b.open(parseRate(rate), poisson, maxInFlight);
        } else {
            if (poisson) {
                throw new IllegalArgumentException("--poisson needs --rate (it shapes the open loop's arrivals)");
            }
            b.closed(users == null ? 10 : users, spawnRate == null ? Double.POSITIVE_INFINITY : spawnRate,
                    think == null ? ThinkTime.none() : ThinkTime.parse(think));
        }
        int bodyBytes = parseSize(body);
        String path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        RequestTemplate request = new RequestTemplate(method != null ? method : bodyBytes > 0 ? "POST" : "GET",
                target.getRawQuery() == null ? path : path + "?" + target.getRawQuery(), Map.of(), bodyBytes);
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("--header wants 'Name: value', got '" + header + "'");
            }
            request = request.withHeader(header.substring(0, colon).strip(), header.substring(colon + 1).strip());
        }
        return b.request(request)
                .mode(closeEach ? ConnectionMode.NEW_CONNECTION_PER_REQUEST : ConnectionMode.KEEP_ALIVE)
                .duration(Durations.parse(duration)).warmup(Durations.parse(warmup))
                .connectTimeout(Durations.parse(connectTimeout)).readTimeout(Durations.parse(readTimeout))
                .maxRequests(maxRequests).allowRemote(allowRemote).loops(loops == null ? 0 : loops)
                .hold(hold()).slow(slow()).lenient(lenient).build();
    }

    private Hold hold() {
        if (hold == null) {
            if (holdRate != null || holdEvery != null) {
                throw new IllegalArgumentException("--hold-rate and --hold-every need --hold N");
            }
            return Hold.NONE;
        }
        Hold h = Hold.idle(hold, holdRate == null ? Hold.DEFAULT_OPEN_RATE : parseRate(holdRate));
        return holdEvery == null ? h : h.every(Durations.parse(holdEvery));
    }

    private SlowClients slow() {
        if (slowSend == null && slowRead == null) {
            if (slowUsers != null) {
                throw new IllegalArgumentException("--slow-users needs --slow-send or --slow-read");
            }
            return SlowClients.NONE;
        }
        if (rate != null) {
            throw new IllegalArgumentException("--slow-send and --slow-read slow down users: they go with --users, not --rate");
        }
        SlowClients s = new SlowClients(0, slowSend == null ? 0 : parseByteRate(slowSend), slowRead == null ? 0 : parseByteRate(slowRead));
        if (slowUsers != null) {
            if (slowUsers < 1) {
                throw new IllegalArgumentException("--slow-users must be at least 1, was " + slowUsers);
            }
            s = s.users(slowUsers);
        }
        return s;
    }

    /** Bytes a second: 10B/s, 1KiB/s, or a bare size (10, 1KiB). */
    static long parseByteRate(String text) {
        String t = text.strip();
        String size = t.endsWith("/s") ? t.substring(0, t.length() - 2) : t;
        long bytes;
        try {
            bytes = parseSize(size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a rate in bytes a second: '" + text + "' (expected 10B/s or 1KiB/s)");
        }
        if (bytes < 1) {
            throw new IllegalArgumentException("a slow client's rate must be at least 1B/s, was '" + text + "'");
        }
        return bytes;
    }

    static double parseRate(String text) {
        Matcher m = RATE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: '" + text + "' (expected 500/s, 500 or 3000/m)");
        }
        double value = Double.parseDouble(m.group(1));
        return "m".equals(m.group(2)) ? value / 60 : value;
    }

    static int parseSize(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (expected 512B, 4KiB, 1MB)");
        }
        long factor = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KB" -> 1000;
            case "KiB" -> 1024;
            case "MB" -> 1000_000;
            case "MiB" -> 1024 * 1024;
            default -> 1;
        };
        long bytes = Long.parseLong(m.group(1)) * factor;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return (int) bytes;
    }
}
