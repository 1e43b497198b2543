package loadlab.experiment;

/**
 * A trial was not a measurement of its server, twice in a row: it broke an operational law, or the
 * load generator was the bottleneck, or cpu work cost less than it should. The experiment stops
 * rather than average it in; the message names the trial, the law or reason, and the figures.
 */
public final class InvalidTrialException extends IllegalStateException {

    public InvalidTrialException(String message) {
        super(message);
    }

    /** A trial and its rerun, both invalid: what each broke, after {@code where} (the experiment, round and arm). */
    public static InvalidTrialException twice(String where, Measurement first, Measurement rerun) {
        return new InvalidTrialException(where + ": no measurement of the server, twice in a row:\n  first:  "
                + String.join("; ", first.problems()) + "\n  rerun:  " + String.join("; ", rerun.problems()));
    }
}
