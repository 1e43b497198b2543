package loadlab.experiment;

/**
 * AssertJ assertions in the words of the lab, so that a test reads like its claim:
 * <pre>{@code
 * assertThat(result).model("thread-pool").hasThroughputAbove("single-threaded");
 * assertThat(result).model("virtual-threads").hasNoFailures().hasCiHalfWidthBelow(0.05);
 * }</pre>
 * A failure shows both estimates, the ratio with its interval, the verdict and the seed.
 */
public final class ExperimentAssertions {

    private ExperimentAssertions() { }

    public static ExperimentResultAssert assertThat(ExperimentResult actual) {
        return new ExperimentResultAssert(actual);
    }
}
