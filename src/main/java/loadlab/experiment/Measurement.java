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
 * @param problems why the trial is invalid (a law broken, the generator the bottleneck, cpu work
 *     cheaper than it should be); empty for a valid trial
 */
public record Measurement(TrialResult load, ServerResources resources, List<LawCheck> laws, List<String> problems) {

    /** How far a law may be off: the window's edges are counted exactly, so what is left is rounding. */
    public static final double LAW_TOLERANCE = 0.05;
    /** The least share of its nominal CPU a request with cpu work must cost the server. */
    public static final double CPU_WORK_SHARE = 0.9;

    public Measurement {
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(resources, "resources");
        laws = List.copyOf(laws);
        problems = List.copyOf(problems);
    }

    /**
     * A trial's measurement, checked: the laws, the generator's own warnings, and for cpu work the
     * server's CPU per request against what the work should cost.
     */
    public static Measurement of(TrialResult load, ServerResources resources, LoadSpec spec, Work work) {
        List<LawCheck> laws = laws(load, spec);
        List<String> problems = new ArrayList<>();
        laws.stream().filter(law -> !law.holds()).forEach(law -> problems.add(law.toString()));
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
     * Little's law, L = X R, on every trial: the requests in flight on average, against the window's
     * requests times their latencies, its edges counted exactly ({@link TrialResult#littlesLawInFlight()}).
     * The interactive response time law, N = X (Z + R), on a closed loop whose users were all running
     * when the window opened: on average every user is either waiting for a response or thinking.
     * Not checked on a run cut short by its request cap, whose window ends before its users stop.
     */
    static List<LawCheck> laws(TrialResult r, LoadSpec spec) {
        if (r.warnings().stream().anyMatch(w -> w.kind() == Warning.Kind.MAX_REQUESTS)) {
            return List.of();
        }
        List<LawCheck> checks = new ArrayList<>();
        checks.add(new LawCheck("Little's law L = X R", r.littlesLawInFlight(), r.meanInFlight(), LAW_TOLERANCE));
        int users = spec.profile() instanceof ClosedLoop closed ? closed.users() - spec.slow().count(closed.users()) : 0;
        if (spec.profile() instanceof ClosedLoop closed && users > 0 // the slow users are counted apart
                && (closed.users() - 1) / closed.spawnRatePerSec() + spec.hold().opening().toNanos() / 1e9
                        <= spec.warmup().toNanos() / 1e9) {
            checks.add(OperationalLaws.checkUsers(users, r.meanThinking(), r.meanInFlight(), LAW_TOLERANCE));
        }
        return checks;
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
