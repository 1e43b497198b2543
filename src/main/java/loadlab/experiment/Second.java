package loadlab.experiment;

/**
 * One second of a trial's measurement window, for the "RPS over time" chart: a trial whose RPS
 * sags or climbs within the window was not in a steady state, whatever its mean says.
 *
 * @param second seconds since the window opened (0 = the first second)
 * @param rps successful responses in that second
 */
public record Second(int second, double rps, long failures, double p99Micros) { }
