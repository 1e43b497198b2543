package loadlab.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import loadlab.Durations;

/**
 * The warnings a result carries when its figures describe the generator rather than the server: the
 * student report's mistake, caught. Each says what was seen and what it means.
 */
final class Diagnostics {

    /** A generator using this share of the machine's cores is probably what limits the load. */
    static final double CPU_SATURATION = 0.9;
    /** Closed loop: throughput this close to N / Z means the think time, not the server, set it. */
    static final double CEILING_SHARE = 0.95;

    private Diagnostics() { }

    record OpenLoopLag(long maxLagNanos, long maxGeneratorLagNanos, long capWaits, int maxInFlight, double lateShare) { }

    static List<Warning> warnings(LoadSpec spec, TrialResult r, int cores, OpenLoopLag lag, long cutShort,
                                  boolean capReached) {
        List<Warning> warnings = new ArrayList<>();
        double cpu = r.generatorCpuShare();
        if (cpu >= CPU_SATURATION * cores) {
            warnings.add(new Warning(Warning.Kind.GENERATOR_CPU, String.format(Locale.ROOT, "the generator's JVM used %.2f of %d cores during the window: "
                    + "the generator, not the server, may be the bottleneck (a server running in the same JVM "
                    + "counts here too)", cpu, cores)));
        }
        if (spec.profile() instanceof ClosedLoop closed) {
            // The users' own think time, not the mean of the thinks measured in the window: those that fit
            // in it are the shorter ones (a long think is more likely cut at the window's end).
            double think = closed.think().meanSeconds();
            if (think > 0) {
                double ceiling = closed.users() / think;
                if (r.rps() >= CEILING_SHARE * ceiling) {
                    warnings.add(new Warning(Warning.Kind.THINK_TIME_CEILING, String.format(Locale.ROOT, "throughput %.1f/s is within %.0f%% of N / Z = %d / %.3f s = %.1f/s, "
                                    + "the most %d users thinking %.3f s can ever send: the think time, not the server, set "
                                    + "this figure; add users or shorten the think time to learn about the server",
                            r.rps(), (1 - CEILING_SHARE) * 100, closed.users(), think, ceiling, closed.users(), think)));
                }
            }
        }
        if (lag != null) {
            if (lag.capWaits() > 0) {
                warnings.add(new Warning(Warning.Kind.IN_FLIGHT_CAP_FULL, String.format(Locale.ROOT, "the in-flight cap of %d was full %d times: sending fell up to %s "
                                + "behind schedule (latency is still timed from the intended send)",
                        lag.maxInFlight(), lag.capWaits(), format(lag.maxLagNanos()))));
            }
            if (lag.lateShare() > Schedule.LATE_SHARE) {
                warnings.add(new Warning(Warning.Kind.GENERATOR_BEHIND, String.format(Locale.ROOT, "the generator sent "
                        + "%.1f%% of the window's requests more than %s behind its own schedule (up to %s) with the in-flight "
                        + "cap not full: the generator, not the server, may be the bottleneck", 100 * lag.lateShare(),
                        format(Schedule.GENERATOR_LAG_WARNING_NANOS), format(lag.maxGeneratorLagNanos()))));
            }
        }
        if (cutShort > 0) {
            warnings.add(new Warning(Warning.Kind.CUT_SHORT, cutShort + " requests were still unanswered at the hard "
                    + "stop (duration + connect and read timeouts); they are counted as READ_TIMEOUT"));
        }
        if (capReached) {
            warnings.add(new Warning(Warning.Kind.MAX_REQUESTS, String.format(Locale.ROOT, "the run stopped early at "
                    + "maxRequests = %d; the window is %.2f s instead of %s", spec.maxRequests(), r.window().toNanos() / 1e9,
                    Durations.format(spec.duration()))));
        }
        return warnings;
    }

    private static String format(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
