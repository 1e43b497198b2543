package loadlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import loadlab.load.ClosedLoop;
import loadlab.load.LoadSpec;
import loadlab.load.TrialResult;
import loadlab.load.Warning;
import loadlab.server.Work;
import loadlab.stats.LawCheck;
import loadlab.stats.OperationalLaws;

/**
 * What one trial measured: the load generator's result over the measurement window, what the
 * server cost the machine meanwhile, the operational laws checked against it, and the problems that
 * make it no measurement of the server at all. One trial gives one RPS value: the requests inside a
 * trial are not independent samples, the trials are.
 *
 * @param load the generator's figures: counts, latency, failures, series, warnings
 * @param resources the server's process tree, sampled from /proc during the window
 * @param laws Little's law on every trial, the interactive response time law on every closed loop
 * @param problems why the trial is invalid (a law broken, the generator the bottleneck or late, cpu
 *     work cheaper than it should be); empty for a valid trial
 */
public record Measurement(TrialResult load, ServerResources resources, List<LawCheck> laws, List<String> problems) {

    /** The most a law may be off: each law's own tolerance, derived below for each trial, is capped here. */
    public static final double LAW_TOLERANCE = 0.05;
    /**
     * Little's law's tolerance. Both sides are exact sums over the window: the in-flight counter's
     * integral, and the recorded times from send to completion with the window's edges. What is left
     * is where each takes its clock: the counter reads it a few tens of nanoseconds after the recorder
     * at both the send and the completion, which cancel, and would be 0.5% of a 20 us response if they
     * did not. Measured on hand runs from 0.05 ms to 20 ms responses: within 0.03%.
     */
    public static final double LITTLE_TOLERANCE = 0.01;
    /**
     * The interactive response time law's allowance beyond chance (see
     * {@link OperationalLaws#checkInteractive(OperationalLaws.ClosedWindow, double, double, double)}): users
     * spawned shortly before the window are not yet spread over their cycles as they will be (0.2% for
     * 400 users spawned 1.5 s before it, simulated), and X falls short of N / (Z + R + lateness) by 0.1%
     * on hand runs. R is summed to the nanosecond, so no histogram rounds it.
     */
    public static final double INTERACTIVE_ALLOWANCE = 0.005;
    /**
     * The interactive response time law's allowance for what no standard error covers: a few responses
     * far longer than the rest, where the window's end cuts one. Each counts whole in R though only
     * part of it lies in the window, and the standard error of the edges, which assumes many small
     * parts, misses them. Measured on every experiment on 2026-12-08: X within 0.9% of N / (Z + R) but
     * for the probe beside 10,000 held connections, where a connect waits 1 s for its SYN to be sent
     * again, 2.6% and 1.1% over.
     */
    public static final double LONG_RESPONSE_ALLOWANCE = 0.025;
    /**
     * The most of a user's cycle (Z + R + lateness) the generator may take before a closed-loop trial is
     * invalid: its lateness, the time from a user's due moment to the send, when the loop is busy with
     * others. At zero think time on 2 shared cores it is never small: 8 users with a new connection per
     * request took 16% of a 1.25 ms cycle (ThroughputComparisonTest's echo, 2026-12-08, quiet), since
     * the generator and the server share the cores a closed loop saturates. A trial late by more than a
     * quarter of its users' time measured the generator more than the server.
     */
    public static final double LATENESS_LIMIT = 0.25;
    /**
     * With a think time that is not random, the interactive response time law is checked only when the
     * window holds at least this many cycles per user. Users with no random think time can run in
     * step (queued in turn behind a slow server), and then they all gain or lose a cycle together at
     * the window's edges: X can be off by up to N / K, not by the edges' standard error, which assumes
     * a random phase. At 20 cycles a user that is 5%, the law's cap. Seen with fewer: single-threaded's
     * 64 users waiting 20 ms each in turn, one cycle a user in 1.5 s, X 10.9% off; BlockingWork's
     * prefork, 32 users and 5.6 cycles each, 5.5% and 6.3% over; ProcessCreationCost's
     * process-per-connection, 8 users and 5 cycles each, 5.1% under.
     */
    public static final double MIN_CYCLES_PER_USER = 20;
    /** How a problem of the generator's lateness begins. */
    static final String LATE = "the load generator was late";
    /** The least share of its nominal CPU a request with cpu work must cost the server. */
    public static final double CPU_WORK_SHARE = 0.9;

    public Measurement {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(resources, "resources");
        laws = List.copyOf(laws);
        problems = List.copyOf(problems);
    }

    /**
     * A trial's measurement, checked: the laws, a closed loop's lateness against {@link #LATENESS_LIMIT},
     * the generator's own warnings, and for cpu work the server's CPU per request against what the work
     * should cost.
     */
    public static Measurement of(TrialResult load, ServerResources resources, LoadSpec spec, Work work) {
        List<LawCheck> laws = laws(load, spec);
        List<String> problems = new ArrayList<>();
        laws.stream().filter(law -> !law.holds()).forEach(law -> problems.add(law.toString()));
        if (latenessShare(load, spec) > LATENESS_LIMIT) {
            problems.add(String.format(Locale.ROOT, LATE + ": %.3f ms per request on average, %.1f%% of each user's cycle "
                    + "Z + R + lateness, more than the %.0f%% allowed: the users spent that time neither thinking nor waiting "
                    + "for the server, so the throughput is the generator's more than the server's",
                    load.meanLatenessSeconds() * 1e3, 100 * latenessShare(load, spec), 100 * LATENESS_LIMIT));
        }
        load.warnings().stream().filter(w -> w.kind().generatorBottleneck())
                .forEach(w -> problems.add("the load generator was the bottleneck: " + w.message()));
        if (work.kind() == Work.Kind.CPU && load.requests() > 0 && resources.samples() > 0) {
            double nominalMicros = work.duration().toNanos() / 1e3;
            double perRequest = resources.cpuSeconds() * 1e6 / load.requests();
            if (perRequest < CPU_WORK_SHARE * nominalMicros) {
                problems.add(String.format(Locale.ROOT, "cpu work cost less than it says: the server spent %.0f us of CPU "
                        + "per request, under %.1f x the %.0f us of %s", perRequest, CPU_WORK_SHARE, nominalMicros, work));
            }
        }
        return new Measurement(load, resources, laws, problems);
    }

    /**
     * Little's law, L = X R, on every trial: the requests in flight on average as a counter saw them
     * (up at each send, down at each completion, integrated over the window), against X R from the
     * recorded times, the window's edges counted exactly ({@link TrialResult#littlesLawInFlight()}),
     * within {@link #LITTLE_TOLERANCE}.
     *
     * <p>The interactive response time law, X = N / (Z + R), on a closed loop whose users were all
     * running when the window opened (the slow users counted apart), with a random think time or at least
     * {@link #MIN_CYCLES_PER_USER} cycles a user in the window: the requests sent over the window
     * against N users thinking Z on average (as configured) and waiting R from the moment each was due
     * to its response (the generator's lateness, its own figure, and the response time), within a
     * tolerance derived for the trial from the think times' sampling and the window's edges, with
     * {@link #LONG_RESPONSE_ALLOWANCE} beyond them, capped at
     * {@link #LAW_TOLERANCE} ({@link OperationalLaws#checkInteractive(OperationalLaws.ClosedWindow, double,
     * double, double)}). Its two sides come from different instruments: X counts requests, Z is the
     * configuration, R and the lateness are clocked per request. It sees the throughput, so a generator
     * that loses time it does not book (as loadlab's once booked lateness as thinking) fails it; a
     * generator that books its lateness passes it, and is judged by {@link #LATENESS_LIMIT}.
     *
     * <p>Neither is checked on a run cut short by its request cap, whose window ends before its users stop.
     */
    static List<LawCheck> laws(TrialResult r, LoadSpec spec) {
        if (r.warnings().stream().anyMatch(w -> w.kind() == Warning.Kind.MAX_REQUESTS)) {
            return List.of();
        }
        List<LawCheck> checks = new ArrayList<>();
        checks.add(new LawCheck("Little's law L = X R", r.littlesLawInFlight(), r.meanInFlight(), LITTLE_TOLERANCE));
        int users = checkedUsers(spec);
        if (spec.profile() instanceof ClosedLoop closed && users > 0
                && (closed.users() - 1) / closed.spawnRatePerSec() + spec.hold().opening().toNanos() / 1e9
                        <= spec.warmup().toNanos() / 1e9
                && (closed.think().sdSeconds() > 0 || r.requests() >= MIN_CYCLES_PER_USER * users)
                && !Double.isNaN(r.meanResponseSeconds())) {
            double responseSd = r.latency().getTotalCount() == 0 ? 0 : r.latency().getStdDeviation() / 1e6;
            // R as the users waited: from the moment each was due, the generator's lateness included.
            OperationalLaws.ClosedWindow window = new OperationalLaws.ClosedWindow(users, closed.think().meanSeconds(),
                    closed.think().sdSeconds(), r.meanThinkSeconds(), r.meanResponseSeconds() + r.meanLatenessSeconds(),
                    responseSd, r.requests(), r.window().toNanos() / 1e9);
            checks.add(OperationalLaws.checkInteractive(window, INTERACTIVE_ALLOWANCE, LONG_RESPONSE_ALLOWANCE, LAW_TOLERANCE));
        }
        return checks;
    }

    /** The generator's mean lateness as a share of a user's whole cycle, Z + R + lateness; 0 without lateness. */
    static double latenessShare(TrialResult r, LoadSpec spec) {
        double late = r.meanLatenessSeconds();
        if (!(late > 0) || !(spec.profile() instanceof ClosedLoop closed) || Double.isNaN(r.meanResponseSeconds())) {
            return 0;
        }
        return late / (closed.think().meanSeconds() + r.meanResponseSeconds() + late);
    }

    // A closed loop's users, less the slow ones (counted apart); 0 for an open loop.
    private static int checkedUsers(LoadSpec spec) {
        return spec.profile() instanceof ClosedLoop closed ? closed.users() - spec.slow().count(closed.users()) : 0;
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    public double rps() {
        return load.rps();
    }

    public long requests() {
        return load.requests();
    }

    public long successes() {
        return load.successes();
    }

    public long failures() {
        return load.failures();
    }

    public double windowSeconds() {
        return load.window().toNanos() / 1e9;
    }

    public List<Warning> warnings() {
        return load.warnings();
    }

    /** Server CPU time per request in microseconds: what one request cost, whatever the model. */
    public double cpuMicrosPerRequest() {
        return load.requests() > 0 ? resources.cpuSeconds() * 1e6 / load.requests() : Double.NaN;
    }
}
