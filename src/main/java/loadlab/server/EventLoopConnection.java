package loadlab.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import loadlab.http.HttpError;
import loadlab.http.HttpLimits;
import loadlab.http.HttpRequest;
import loadlab.http.HttpResponses;
import loadlab.http.RequestParser;

/**
 * What the event loop remembers about one connection between events: where the parser is, the
 * responses not yet written, and whether the connection is closing. A thread-per-connection server
 * keeps all of this on the thread's stack; here it must be an object.
 */
final class EventLoopConnection {

    private final SocketChannel channel;
    private final HttpLimits limits;
    private final RequestParser parser;
    private final ArrayDeque<ByteBuffer> unwritten = new ArrayDeque<>();
    private boolean atWork;       // a request is with a worker: hand out no other until it is answered
    private boolean closing;      // a response that closes the connection is queued: parse nothing more
    private boolean mustLinger;   // ... and the client may still be sending: linger before closing
    private boolean lingering;    // our side is shut; discarding what the client still sends
    private long drained;
    private long lastProgress = System.nanoTime(); // the last byte read or written

    EventLoopConnection(SocketChannel channel, HttpLimits limits) {
        this.channel = channel;
        this.limits = limits;
        this.parser = new RequestParser(limits);
    }

    /** Reads what has arrived; false when the connection should close (the client closed, or lingered enough). */
    boolean read(ByteBuffer buffer) throws IOException {
        int n = channel.read(buffer);
        if (n < 0) {
            return false;
        }
        lastProgress = System.nanoTime();
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

    /** The next complete request, or null if more bytes are needed, one is at work, or the connection is closing. */
    HttpRequest nextRequest() throws HttpError {
        return closing || atWork ? null : parser.next();
    }

    /** The request just taken went to a worker: its responses must leave in order, so wait for it. */
    void startWork() {
        atWork = true;
    }

    boolean isAtWork() {
        return atWork;
    }

    /** The worker's answer to the request at work. */
    void finishWork(byte[] response, boolean close) {
        atWork = false;
        respond(response, close);
    }

    void respond(byte[] response, boolean close) {
        unwritten.add(ByteBuffer.wrap(response));
        if (close) {
            closing = true;
            mustLinger = parser.isMidRequest(); // the client sent more after its last request
        }
    }

    /** An error response: the client may still be sending what we refused, so linger. */
    void fail(byte[] response) {
        respond(response, true);
        mustLinger = true;
    }

    /**
     * Writes what the socket takes now; true when nothing is left. A write may take only part of a
     * buffer (the client reads slowly, the kernel's buffers are full): the rest waits for the next call.
     */
    boolean flush() throws IOException {
        while (!unwritten.isEmpty()) {
            ByteBuffer next = unwritten.peek();
            if (channel.write(next) > 0) {
                lastProgress = System.nanoTime(); // a client that reads slowly is not idle
            }
            if (next.hasRemaining()) {
                return false;
            }
            unwritten.poll();
        }
        if (mustLinger && !lingering) {
            channel.shutdownOutput(); // FIN after the response; close when the client closes, as in Sockets
            lingering = true;
            lastProgress = System.nanoTime();
        }
        return true;
    }

    /** All written, and nothing to linger for: close now. */
    boolean isDone() {
        return closing && !mustLinger && unwritten.isEmpty();
    }

    /** No byte in or out for the idle timeout, or lingering for longer than a lingering close waits. */
    boolean isIdle(long now) {
        if (atWork) {
            return false; // waiting on our own worker, not on the client
        }
        long limit = lingering ? Sockets.LINGER_MILLIS * 1_000_000L : limits.idleTimeout().toNanos();
        return now - lastProgress > limit;
    }

    /**
     * The idle timeout has passed. If part of a request had arrived and nothing is being answered,
     * queues a 408 and returns true (write it); otherwise false (just close).
     */
    boolean timeOut() {
        if (closing || !unwritten.isEmpty() || !parser.isMidRequest()) {
            return false;
        }
        fail(HttpResponses.error(408, "no complete request within " + limits.idleTimeout()));
        return true;
    }
}
