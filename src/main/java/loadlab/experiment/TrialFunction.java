package loadlab.experiment;

import java.io.IOException;

/**
 * Runs one trial of one model and measures it. {@link ServerTrial} starts a real server; a test
 * of the runner's logic passes a fake that returns made-up measurements at once.
 */
@FunctionalInterface
public interface TrialFunction {
    Measurement run(String model) throws IOException, InterruptedException;
}
