package loadlab.experiment;

/** Why an experiment stopped adding rounds. */
public enum StopReason {
    /** Every comparison the experiment asks about has a verdict, HIGHER or LOWER. */
    ALL_CONCLUSIVE,
    /** Another round would not have fitted in the time budget; some comparison is still inconclusive. */
    BUDGET_SPENT,
    /** The maximum number of rounds was reached; some comparison is still inconclusive. */
    MAX_ROUNDS,
    /** The experiment asks no question, so the minimum number of rounds is all it runs. */
    NO_QUESTIONS
}
