package loadlab.load;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import loadlab.http.HttpResponse;
import loadlab.http.MalformedResponseException;
import loadlab.http.ResponseParser;

/**
 * One request at a time over a non-blocking TCP connection that a {@link Loop} drives: connect,
 * write the request, read until the strict {@link ResponseParser} has a whole response, check it,
 * and tell the owner (a closed-loop {@link User}, or the open loop's {@link Schedule}). Nothing here
 * waits: each step runs when the loop's selector says the socket is ready, and the connect and read
 * timeouts are this connection's {@link Timers.Timer}, set on the loop's timers. The connection is
 * kept between requests (keep-alive) or opened anew for each.
 *
 * <p>Every response must be a 2xx whose body is exactly the bytes sent; a Content-Length that can't
 * be that is refused before the body is read. The response to HEAD has no body: its Content-Length
 * must be the length of the request. After any failure the connection is closed; the next request
 * opens a new one.
 *
 * <p>A server may close a keep-alive connection while it is idle (its idle timeout). Seen while the
 * connection is idle, or as a close or reset before any byte of the next response, that is not the
 * server failing a request: the request goes out once more on a new connection, and the retry is
 * counted ({@link TrialResult#staleConnectionRetries()}), not failed. Only a connection that has
 * carried a response gets this retry, and only once: a server that closes every connection at once
 * fails the retry on its fresh connection, and that failure counts.
 */
final class Connection extends Timers.Timer {

    /** Who sent the request, told when it has finished (it was recorded already, unless the owner keeps no record). */
    interface Owner {
        void finished(Connection connection);

        /** A connection opened without a request ({@link #connect()}, a held one) is open: it now waits idle. */
        default void connected(Connection connection) { }

        /** A connection opened without a request failed to open, or was closed while idle; it is closed. */
        default void lost(Connection connection, String why) { }

        /** Whether a keep-alive connection the server closed while idle is opened again for the next request, silently. */
        default boolean retriesStale() {
            return true;
        }
    }

    private enum State {
        CLOSED(null), CONNECTING(Failure.Phase.CONNECTING), SENDING(Failure.Phase.SENDING),
        RECEIVING(Failure.Phase.RECEIVING), IDLE(null);

        final Failure.Phase phase;

        State(Failure.Phase phase) {
            this.phase = phase;
        }
    }

    private final Loop loop;
    private final Trial trial;
    private final Owner owner;
    private final Recorder recorder; // null: the owner counts the requests itself
    private final long sendRate;     // bytes a second; 0: as fast as the socket takes them
    private final long readRate;
    private final Pacer pacer;       // a slow client's next few bytes; null for the rest
    private final byte[] request;
    private int length;
    private int written;
    private final ResponseBuffer in;
    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.CLOSED;
    private boolean reused;     // a response came over this connection: only then can it go stale
    private boolean staleSeen;  // the server closed it while it was idle
    private long seq;
    private long issued;        // the open loop's intended send; the closed loop's actual one
    private long began;         // the actual send
    private long finishedAt;    // the last request's end: its response, or its failure
    private long receivedBefore;
    private int staleRetries;
    private boolean exchange;   // a request goes with this connection's opening (not a held connection's bare connect)
    private Failure failure;    // how the last request ended; null: it succeeded
    private long pacedSince;    // a slow client: when its sending, or its receiving, began
    private long pacedBefore;   // and the bytes written or received before then

    /** A connection whose requests are recorded in the trial's recorder, at full speed. */
    Connection(Loop loop, Owner owner) {
        this(loop, owner, loop.trial.recorder, SlowClients.NONE);
    }

    /** A connection whose requests go to {@code recorder} (null: not recorded), sent and read at {@code pace}'s rates. */
    Connection(Loop loop, Owner owner, Recorder recorder, SlowClients pace) {
        this.loop = loop;
        this.trial = loop.trial;
        this.owner = owner;
        this.recorder = recorder;
        this.sendRate = pace.sendBytesPerSec();
        this.readRate = pace.readBytesPerSec();
        this.pacer = pace.any() ? new Pacer() : null;
        this.request = trial.encoder.newBuffer();
        this.in = new ResponseBuffer(request.length + 256); // an echo: the request and a head
        loop.adopt(this);
    }

    /** Whether a request is out on this connection. */
    boolean busy() {
        return state != State.CLOSED && state != State.IDLE;
    }

    /** Closed loop: sends request {@code seq} now; the owner hears when it has finished. */
    void send(long seq) {
        send(seq, -1);
    }

    /** When the last request went out, as recorded: the closed loop's user was late until here. */
    long sentAt() {
        return began;
    }

    /** When the last request finished, as recorded: the closed loop's user thinks from here. */
    long finishedAt() {
        return finishedAt;
    }

    /** Open loop: sends request {@code seq}, which was due at {@code intended} (its latency counts from then). */
    void send(long seq, long intended) {
        this.seq = seq;
        exchange = true;
        length = trial.encoder.encode(seq, request);
        began = System.nanoTime();
        if (recorder != null) {
            recorder.inFlight.sent(loop.index);
        }
        this.issued = intended < 0 ? began : intended;
        staleRetries = 0;
        loop.exchangeStarted();
        if (staleSeen) { // the retry the next request would have needed, had it been sent on that connection
            staleSeen = false;
            staleRetries = 1;
        }
        if (channel == null) {
            open();
            return;
        }
        try {
            beginSending();
        } catch (IOException e) {
            fail(e);
        }
    }

    /** Opens the connection without sending anything (a held connection); the owner hears {@code connected} or {@code lost}. */
    void connect() {
        exchange = false;
        open();
    }

    /** How the last request ended: null if it succeeded. */
    Failure failure() {
        return failure;
    }

    private void open() {
        state = State.CONNECTING;
        reused = false;
        in.clear();
        try {
            if (trial.aborted()) {
                throw new SocketException("the run is stopping");
            }
            channel = SocketChannel.open(trial.address.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true); // a request is one write; don't let Nagle hold it
            if (readRate > 0) {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, SlowClients.READ_BUFFER_BYTES); // before connect: the window
            }
            loop.timers.set(this, System.nanoTime() + trial.connectNanos);
            // On loopback the handshake is often done by the time connect returns, or just after: then
            // the request goes out at once, without a turn of the loop (and a change of what the selector watches).
            boolean connected = channel.connect(trial.address) || channel.finishConnect();
            key = channel.register(loop.selector, connected ? 0 : SelectionKey.OP_CONNECT, this);
            if (connected) {
                connected();
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /** The loop's selector says the socket is ready for what this connection waits for. */
    void ready(SelectionKey ready) {
        if (ready != key) {
            return; // the key of a socket closed earlier in the same turn
        }
        try {
            switch (state) {
                case CONNECTING -> {
                    if (channel.finishConnect()) {
                        connected();
                    }
                }
                case SENDING -> {
                    if (ready.isReadable()) { // a slow sender's server answered before the request was whole: a 408
                        receive();
                    } else {
                        write();
                    }
                }
                case RECEIVING -> receive();
                case IDLE -> idleRead();
                case CLOSED -> { }
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    private void connected() throws IOException {
        if (exchange) {
            beginSending();
            return;
        }
        loop.timers.cancel(this);
        state = State.IDLE;
        key.interestOps(SelectionKey.OP_READ); // to see the server close it
        owner.connected(this);
    }

    private void beginSending() throws IOException {
        state = State.SENDING;
        long now = System.nanoTime();
        loop.timers.set(this, now + trial.readNanos); // the read timeout covers the whole response
        receivedBefore = in.received();
        written = 0;
        pacedSince = now;
        pacedBefore = 0;
        write();
    }

    private void write() throws IOException {
        ByteBuffer out = loop.writeBuffer;
        while (written < length) {
            int most = sendRate == 0 ? length - written : Math.min(length - written, paced(sendRate, written));
            if (most == 0) { // a slow sender: its next byte is not due yet; meanwhile it listens for an early answer
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            out.clear();
            out.put(request, written, Math.min(out.capacity(), most)).flip();
            int n = channel.write(out);
            written += n;
            if (out.hasRemaining()) { // the socket's buffer is full: go on when it has room
                key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
        }
        state = State.RECEIVING;
        key.interestOps(SelectionKey.OP_READ);
        pacedSince = System.nanoTime();
        pacedBefore = in.received();
    }

    /**
     * A slow client: how many more bytes it may move now, at {@code rate} bytes a second since
     * {@link #pacedSince} ({@code done} moved so far, the first byte at once). If none, the pacer is
     * set for when the next is due, at least {@link Pacer#MIN_NANOS} away so that a fast rate moves a few bytes at a time.
     */
    private int paced(long rate, long done) {
        long now = System.nanoTime();
        long due = (long) ((now - pacedSince) * (double) rate / 1e9) + 1; // in double: a fast rate times seconds overflows a long
        if (due > done) {
            return (int) Math.min(Integer.MAX_VALUE, due - done);
        }
        long next = pacedSince + (long) (done * 1e9 / rate);
        loop.timers.set(pacer, Math.max(next, now + Pacer.MIN_NANOS));
        return 0;
    }

    /** A slow client's clock: its next bytes are due. */
    private final class Pacer extends Timers.Timer {
        static final long MIN_NANOS = 10_000_000L;

        @Override
        void expire(long now) {
            try {
                if (state == State.SENDING) {
                    write();
                } else if (state == State.RECEIVING) {
                    key.interestOps(SelectionKey.OP_READ);
                    receive();
                }
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private void receive() throws IOException {
        while (read()) {
            if (parse()) {
                return;
            }
            // Not complete yet; often the rest is already here (the server's close after a Connection: close
            // response, which the parser waits for): one more read, before waiting for the selector.
        }
    }

    /** Parses what has come; false if the response is not complete yet. */
    private boolean parse() throws IOException {
        in.rewind();
        try {
            HttpResponse head = ResponseParser.readFinalHead(in, trial.spec.lenient());
            Failure notTheEcho = checkLength(head);
            if (notTheEcho != null) {
                close(); // its body is left unread: the connection can carry nothing more
                finish(notTheEcho);
                return true;
            }
            HttpResponse response = ResponseParser.readBody(in, head, trial.encoder.method, trial.spec.lenient());
            in.consume();
            reused = true;
            state = State.IDLE;
            boolean endedByClose = trial.spec.lenient() && ResponseParser.delimitedByClose(head); // the server closed
            if (trial.mode == ConnectionMode.NEW_CONNECTION_PER_REQUEST || response.closes() || endedByClose) {
                close();
            }
            finish(check(response));
            return true;
        } catch (ResponseBuffer.NeedMore notYet) {
            return false;
        }
    }

    /** Reads what the socket has; false if nothing came (and the server has not closed), or it ended earlier. */
    private boolean read() throws IOException {
        if (in.ended()) {
            return false;
        }
        ByteBuffer buffer = loop.readBuffer;
        buffer.clear();
        if (readRate > 0 && state == State.RECEIVING) {
            int most = paced(readRate, in.received() - pacedBefore);
            if (most == 0) { // a slow reader: its next byte is not due yet
                key.interestOps(0);
                return false;
            }
            buffer.limit(Math.min(buffer.capacity(), most));
        }
        int n = channel.read(buffer);
        if (n < 0) {
            in.end();
            return true;
        }
        buffer.flip();
        in.append(buffer);
        return n > 0;
    }

    // Between requests the selector still watches the socket: a server closing it while idle is seen here.
    private void idleRead() {
        boolean reset = false;
        try {
            read();
        } catch (IOException e) {
            in.end();
            reset = true;
        }
        if (in.ended()) {
            close();
            if (owner.retriesStale()) {
                staleSeen = true;
            } else {
                String said = in.unused() == 0 ? "" : ", after sending " + in.firstLine(); // a 503, a 408
                owner.lost(this, (reset ? "reset by the server while idle" : "closed by the server while idle") + said);
            }
        }
        // bytes nobody asked for stay in the buffer, and break the next response, as they must
    }

    /** The connect or read deadline passed. */
    @Override
    void expire(long now) {
        fail(state == State.CONNECTING
                ? new SocketTimeoutException("no connection within the connect timeout of " + trial.connectNanos / 1_000_000 + " ms")
                : new SocketTimeoutException("no complete response within the read timeout of " + trial.readNanos / 1_000_000 + " ms"));
    }

    private void fail(IOException e) {
        if (!exchange) { // a held connection that did not open
            close();
            owner.lost(this, "connect: " + Failure.categorize(e, Failure.Phase.CONNECTING));
            return;
        }
        Failure.Phase phase = state.phase == null ? Failure.Phase.CONNECTING : state.phase;
        boolean wasReused = reused && phase != Failure.Phase.CONNECTING;
        boolean nothingReceived = in.received() == receivedBefore;
        close();
        if (wasReused && staleRetries == 0 && nothingReceived && isStaleSign(e, phase) && owner.retriesStale()) {
            staleRetries++;
            open();
            return;
        }
        finish(Failure.of(e, phase, seq, System.nanoTime() - began));
    }

    private static boolean isStaleSign(IOException e, Failure.Phase phase) {
        if (e instanceof SocketTimeoutException) {
            return false;
        }
        return phase == Failure.Phase.SENDING
                || e instanceof MalformedResponseException // the end of the stream before any byte
                || Failure.isReset(e);
    }

    /** The hard stop: a request still out is cut short, and counted so. */
    void cutShort() {
        if (busy()) {
            close();
            trial.cutShort.increment();
            finish(Failure.cutShort(seq, System.nanoTime() - began));
        }
    }

    private void finish(Failure failure) {
        loop.timers.cancel(this);
        if (pacer != null) {
            loop.timers.cancel(pacer);
        }
        if (state != State.CLOSED) {
            state = State.IDLE;
        }
        this.failure = failure;
        finishedAt = System.nanoTime();
        if (recorder != null) {
            recorder.inFlight.finished(loop.index);
            recorder.record(loop.index, issued, began, finishedAt, failure, staleRetries, length); // an echo's body is the request
        }
        loop.exchangeFinished();
        owner.finished(this);
    }

    private Failure check(HttpResponse response) {
        if (response.status() / 100 != 2) {
            close(); // after any failure, a fresh connection
            String body = firstLine(response.body(), response.body().length);
            return new Failure(FailureCategory.HTTP_STATUS, response.status(),
                    "request " + seq + ": " + response.status() + " " + response.reason() + (body.isEmpty() ? "" : ": " + body));
        }
        // Its Content-Length was checked; it must have no body. One that comes with the head is caught
        // here; one that comes later breaks the next response, which the strict parser refuses.
        if (trial.encoder.method.equals("HEAD")) {
            if (in.unused() == 0) {
                return null;
            }
            close();
            return new Failure(FailureCategory.WRONG_ECHO, 0, "request " + seq + ": the response to HEAD has a body");
        }
        byte[] body = response.body();
        if (!Arrays.equals(body, 0, body.length, request, 0, length)) {
            close();
            return new Failure(FailureCategory.WRONG_ECHO, 0, "request " + seq + ": sent \"" + firstLine(request, length)
                    + "\" (" + length + " bytes), the echo was \"" + firstLine(body, body.length) + "\" (" + body.length + " bytes)");
        }
        return null;
    }

    // A 2xx whose Content-Length is not the request's length can't be its echo: known before its body is read.
    private Failure checkLength(HttpResponse head) throws MalformedResponseException {
        if (head.status() / 100 != 2 || trial.spec.lenient() && ResponseParser.delimitedByClose(head)) {
            return null;
        }
        int declared = ResponseParser.contentLength(head);
        if (declared == length) {
            return null;
        }
        return new Failure(FailureCategory.WRONG_ECHO, 0, "request " + seq + ": sent " + length + " bytes, the response's"
                + " Content-Length is " + declared + ": it can't be the echo (its body was not read)");
    }

    private static String firstLine(byte[] bytes, int n) {
        return ResponseParser.firstLine(bytes, n, 100);
    }

    /** Closes the socket (after the selector has forgotten it: see {@link Loop#close}); the next request opens a new one. */
    void close() {
        state = State.CLOSED;
        if (pacer != null) {
            loop.timers.cancel(pacer);
        }
        if (channel != null) {
            loop.close(channel, key);
            channel = null;
            key = null;
        }
    }
}
