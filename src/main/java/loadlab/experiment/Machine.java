package loadlab.experiment;

import java.time.Instant;

/**
 * The machine an experiment ran on: numbers from a 2-core laptop and a 64-core server are not
 * comparable, and a report without this is a report nobody can check.
 *
 * @param date when the experiment started, ISO-8601 UTC
 */
public record Machine(int cores, String jdk, String os, String date) {

    public static Machine current(Instant startedAt) {
        return new Machine(Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                startedAt.toString());
    }
}
