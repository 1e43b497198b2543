package loadlab.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
     * {@link OperationalLaws#checkInteractive(OperationalLaws.ClosedWindow, double, double)}): users
     * spawned shortly before the window are not yet spread over their cycles as they will be (0.2% for
     * 400 users spawned 1.5 s before it, simulated), and X falls short of N / (Z + R + lateness) by 0.1%
     * on hand runs. R is summed to the nanosecond, so no histogram rounds it.
     */
    public static final double INTERACTIVE_ALLOWANCE = 0.005;
    /** The least share of its nominal CPU a request with cpu work must cost the server. */
    public static final double CPU_WORK_SHARE = 0.9;

    public Measurement {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(resources, "resources");
        laws = List.copyOf(laws);
        problems = List.copyOf(problems);
    }

    /**
     * A trial's measurement, checked: the laws (and, when the interactive response time law fails for
     * it, the generator's lateness named as the cause), the generator's own warnings, and for cpu work
     * the server's CPU per request against what the work should cost.
     */
    public static Measurement of(TrialResult load, ServerResources resources, LoadSpec spec, Work work) {
        List<LawCheck> laws = laws(load, spec);
        List<String> problems = new ArrayList<>();
        for (LawCheck law : laws) {
            if (!law.holds()) {
                problems.add(law.toString());
                lateness(load, spec, law).ifPresent(problems::add);
            }
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
     * running when the window opened (the slow users counted apart): the requests sent over the window
     * against N users thinking Z on average (as configured) and waiting R, within a tolerance derived
     * for the trial from the think times' sampling and the window's edges, capped at {@link #LAW_TOLERANCE}
     * ({@link OperationalLaws#checkInteractive(OperationalLaws.ClosedWindow, double, double)}). It sees
     * the throughput, so a generator too busy to send on time fails it.
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
                && r.requests() > 0 && !Double.isNaN(r.meanResponseSeconds())) {
            double responseSd = r.latency().getTotalCount() == 0 ? 0 : r.latency().getStdDeviation() / 1e6;
            OperationalLaws.ClosedWindow window = new OperationalLaws.ClosedWindow(users, closed.think().meanSeconds(),
                    closed.think().sdSeconds(), r.meanThinkSeconds(), r.meanResponseSeconds(), responseSd, r.requests(),
                    r.window().toNanos() / 1e9);
            checks.add(OperationalLaws.checkInteractive(window, INTERACTIVE_ALLOWANCE, LAW_TOLERANCE));
        }
        return checks;
    }

    // A closed loop's users, less the slow ones (counted apart); 0 for an open loop.
    private static int checkedUsers(LoadSpec spec) {
        return spec.profile() instanceof ClosedLoop closed ? closed.users() - spec.slow().count(closed.users()) : 0;
    }

    /**
     * Whether the generator's lateness explains a broken interactive response time law, and if so the
     * problem that says so. The law's expected X = N / (Z + R) gives Z + R; the users' cycle was
     * Z + R + lateness, and N / (Z + R + lateness) is what they could send. When that accounts for at
     * least half of the shortfall, the generator, not the server, set the throughput.
     */
    static Optional<String> lateness(TrialResult r, LoadSpec spec, LawCheck law) {
        double late = r.meanLatenessSeconds();
        if (!law.name().startsWith(OperationalLaws.INTERACTIVE) || !(law.observed() < law.expected()) || late <= 0) {
            return Optional.empty();
        }
        int users = checkedUsers(spec);
        double cycle = users / law.expected() + late; // Z + R + lateness
        double share = late / cycle;
        double shortfall = 1 - law.observed() / law.expected();
        if (share < shortfall / 2) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "the load generator was late: %.3f ms per request on average, "
                        + "%.1f%% of each user's cycle Z + R + lateness = %.3f ms (%.3f user-seconds in the window); "
                        + "N / (Z + R + lateness) = %.1f/s against %.1f/s measured: the users spent that time neither "
                        + "thinking nor waiting for the server, so the throughput is the generator's, not the server's",
                late * 1e3, 100 * share, cycle * 1e3, r.latenessUserSeconds(), users / cycle, law.observed()));
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
