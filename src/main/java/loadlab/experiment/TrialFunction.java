package loadlab.experiment;

import java.io.IOException;

/**
 * Runs one trial of one arm (by its label) and measures it. {@code loadlab.Lab} starts a real server; a test
 * of the runner's logic passes a fake that returns made-up measurements at once.
 */
@FunctionalInterface
public interface TrialFunction {
    Measurement run(String model) throws IOException, InterruptedException;
}
