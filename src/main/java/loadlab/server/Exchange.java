package loadlab.server;

import loadlab.http.HttpRequest;

/**
 * One complete request on an event loop, and the way back to its connection: what a
 * {@link Reactor.Handler} gets. Answered on the loop thread, the echo is queued at once; answered
 * from any other thread (a worker), it is posted to the loop, which writes it: only the loop touches
 * sockets.
 */
public final class Exchange {

    private final Reactor reactor;
    private final EventLoopConnection conn;
    private final HttpRequest request;
    private boolean answeredOnLoop;

    Exchange(Reactor reactor, EventLoopConnection conn, HttpRequest request) {
        this.reactor = reactor;
        this.conn = conn;
        this.request = request;
    }

    public HttpRequest request() {
        return request;
    }

    /** Sends the echo. Safe from any thread. */
    public void answer() {
        if (reactor.onLoop()) {
            answeredOnLoop = true;
            conn.respond(request);
        } else {
            reactor.answerLater(conn, request);
        }
    }

    /** Whether it was answered on the loop, while the handler ran; if not, the loop waits for the answer. */
    boolean answeredOnLoop() {
        return answeredOnLoop;
    }
}
