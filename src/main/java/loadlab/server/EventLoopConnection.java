package loadlab.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import loadlab.http.ByteBudget;
import loadlab.http.HttpError;
import loadlab.http.HttpLimits;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;

/**
 * What the event loop remembers about one connection between events: where the parser is, its
 * clock, the responses not yet written, and whether it is closing. A thread-per-connection server
 * keeps all of this on the thread's stack; here it must be an object. Its {@link #deadline()} is
 * its place in the loop's {@link Deadlines}.
 */
final class EventLoopConnection extends Deadlines.Timed {

    /** A response waiting to be written: the echo's head and the request's own bytes, written together. */
    private record Outgoing(ByteBuffer[] buffers, HttpRequest request) { }

    final SocketChannel channel;
    SelectionKey key;
    private final HttpLimits limits;
    private final RequestParser parser;
    private final ConnectionClock clock;
    private final ArrayDeque<Outgoing> unwritten = new ArrayDeque<>();
    private boolean atWork;       // a request is out for its answer: hand out no other until it comes
    private boolean closing;      // a response that closes the connection is queued: parse nothing more
    private boolean mustLinger;   // ... and the client may still be sending: linger before closing
    private boolean lingering;    // our side is shut; discarding what the client still sends
    private long drained;
    private long lingerUntil;

    EventLoopConnection(SocketChannel channel, HttpLimits limits, ByteBudget budget) {
        this.channel = channel;
        this.limits = limits;
        this.parser = new RequestParser(limits, budget);
        this.clock = new ConnectionClock(limits, System.nanoTime());
    }

    /** Reads what has arrived; false when the connection should close (the client closed, or lingered enough). */
    boolean read(ByteBuffer buffer) throws IOException {
        int n = channel.read(buffer);
        if (n < 0) {
            return false;
        }
        clock.progress(System.nanoTime());
        if (lingering) {
            drained += n;
            return drained < Sockets.LINGER_MAX_BYTES;
        }
        buffer.flip();
        if (!closing) {
            parser.feed(buffer);
        }
        return true;
    }

    /** The next complete request, or null if more bytes are needed, one is out, or the connection is closing. */
    HttpRequest nextRequest() throws HttpError {
        if (closing || atWork) {
            return null;
        }
        HttpRequest request = parser.next();
        if (request == null) {
            clock.observe(parser, System.nanoTime());
            if (parser.takeContinue()) { // the client waits for this before it sends the body
                unwritten.add(new Outgoing(new ByteBuffer[] {ByteBuffer.wrap(HttpResponses.CONTINUE)}, null));
            }
        }
        return request;
    }

    /** The request just taken is answered elsewhere: its answer must leave before any later one. */
    void startWork() {
        atWork = true;
    }

    boolean isAtWork() {
        return atWork;
    }

    /** The answer to the request that was out. */
    void finishWork(HttpRequest request) {
        atWork = false;
        respond(request);
    }

    /** Queues the echo: its head and the request's bytes, as one gathering write, with no copy. */
    void respond(HttpRequest request) {
        boolean close = !request.keepAlive();
        ByteBuffer head = ByteBuffer.wrap(HttpResponses.echoHead(request, !close));
        unwritten.add(new Outgoing(HttpResponses.echoHasBody(request)
                ? new ByteBuffer[] {head, ByteBuffer.wrap(request.raw())} : new ByteBuffer[] {head}, request));
        if (close) {
            closing = true;
            mustLinger = parser.isMidRequest(); // the client sent more after its last request
        }
    }

    /** An error response: the client may still be sending what we refused, so linger. */
    void fail(byte[] response) {
        unwritten.add(new Outgoing(new ByteBuffer[] {ByteBuffer.wrap(response)}, null));
        closing = true;
        mustLinger = true;
    }

    /**
     * Writes what the socket takes now; true when nothing is left. A write may take only part of a
     * response (the client reads slowly, the kernel's buffers are full): the rest waits for the next call.
     */
    boolean flush() throws IOException {
        while (!unwritten.isEmpty()) {
            Outgoing next = unwritten.peek();
            if (channel.write(next.buffers()) > 0) {
                clock.progress(System.nanoTime()); // a client that reads slowly is not idle
            }
            if (next.buffers()[next.buffers().length - 1].hasRemaining()) {
                return false;
            }
            unwritten.poll();
            if (next.request() != null) {
                parser.done(next.request()); // its bytes leave the budget
            }
        }
        if (mustLinger && !lingering) {
            channel.shutdownOutput(); // FIN after the response; close when the client closes, as in Sockets
            lingering = true;
            lingerUntil = System.nanoTime() + Sockets.LINGER_MILLIS * 1_000_000L;
        }
        return true;
    }

    /** All written, and nothing to linger for: close now. */
    boolean isDone() {
        return closing && !mustLinger && unwritten.isEmpty();
    }

    /** Lingering: a fixed time. At work: none (we wait on ourselves). Writing: the idle timeout. Reading: the clock's. */
    @Override
    long deadline() {
        if (lingering) {
            return lingerUntil;
        }
        if (atWork) {
            return Deadlines.NEVER;
        }
        return unwritten.isEmpty() ? clock.readDeadline(parser) : clock.writeDeadline();
    }

    /**
     * Its deadline has passed. If part of a request had arrived and nothing is being answered, queues
     * a 408 saying which limit ran out and returns true (write it); otherwise false (just close).
     */
    boolean timeOut(long now) {
        if (closing || !unwritten.isEmpty() || !parser.isMidRequest()) {
            return false;
        }
        fail(HttpResponses.error(408, clock.overdue(limits, now)));
        return true;
    }

    /** Closed: what it held of the budget goes back. */
    void closed() {
        unwritten.clear();
        parser.close();
    }
}
