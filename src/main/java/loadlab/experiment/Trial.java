package loadlab.experiment;

/**
 * One trial of an experiment: one model, one fresh server, one measurement.
 *
 * @param round 1-based round number
 * @param position 1-based place in the round's random order
 * @param startSeconds when the trial started, in seconds since the experiment started
 */
public record Trial(int round, int position, String model, double startSeconds, Measurement measurement) {

    public double rps() {
        return measurement.rps();
    }
}
