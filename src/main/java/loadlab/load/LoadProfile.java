package loadlab.load;

/**
 * How load is offered. A {@link ClosedLoop} has a fixed number of users who each wait for their
 * response before thinking and sending again, as locust does: a slow server slows the load down.
 * An {@link OpenLoop} sends at fixed arrival times whatever the server does, as wrk2 does: a slow
 * server gets a queue, and the latency shows it.
 */
public sealed interface LoadProfile permits ClosedLoop, OpenLoop {
}
