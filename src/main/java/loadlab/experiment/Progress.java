package loadlab.experiment;

import java.util.List;
import loadlab.stats.Comparison;

/** What a running experiment tells whoever watches it; the console prints it (report.ConsoleProgress). */
public interface Progress {

    Progress SILENT = new Progress() { };

    default void started(Plan plan) { }

    default void trialStarting(Plan plan, int round, int position, String model) { }

    default void trialDone(Plan plan, Trial trial) { }

    /** A trial that was no measurement of its server: it is run again once. */
    default void trialRejected(Plan plan, Trial trial) { }

    /** After each round from the minimum on: the asked comparisons as they stand. */
    default void roundDone(Plan plan, int round, List<Comparison> asked) { }

    default void stopped(ExperimentResult result) { }
}
