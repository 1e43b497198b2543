package loadlab.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import loadlab.http.MalformedResponseException;

/** One failed request: its category, the HTTP status for HTTP_STATUS (else 0), and a readable example. */
record Failure(FailureCategory category, int status, String example) {

    /** Where in the exchange an I/O error happened: it decides between a connect and a read timeout. */
    enum Phase {
        CONNECTING("connecting"), SENDING("sending the request"), RECEIVING("reading the response");

        final String words;

        Phase(String words) {
            this.words = words;
        }
    }

    /**
     * Maps an I/O error to its category. A timeout while connecting is CONNECT_TIMEOUT, while
     * reading READ_TIMEOUT; a refusal is CONNECT_REFUSED; a response the strict parser rejects is
     * MALFORMED_RESPONSE; any other error on an open connection (reset, broken pipe) is
     * CONNECTION_RESET, and the example keeps the exception's own words. A reset that arrives while
     * connecting is CONNECTION_RESET too: the server accepted the connection, then reset it (the
     * JDK reports it from connect when the reset beats the end of the handshake's bookkeeping).
     */
    static FailureCategory categorize(IOException e, Phase phase) {
        if (phase == Phase.CONNECTING) {
            if (e instanceof SocketTimeoutException) {
                return FailureCategory.CONNECT_TIMEOUT;
            }
            return isReset(e) ? FailureCategory.CONNECTION_RESET : FailureCategory.CONNECT_REFUSED;
        }
        if (e instanceof MalformedResponseException) {
            return FailureCategory.MALFORMED_RESPONSE;
        }
        if (e instanceof SocketTimeoutException) {
            return FailureCategory.READ_TIMEOUT;
        }
        if (e instanceof ConnectException) {
            return FailureCategory.CONNECT_REFUSED;
        }
        return FailureCategory.CONNECTION_RESET;
    }

    /** A reset or a broken pipe: what a server's close of an idle keep-alive connection looks like from here. */
    static boolean isReset(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("reset") || message.contains("broken pipe");
    }

    static Failure of(IOException e, Phase phase, long seq, long elapsedNanos) {
        FailureCategory category = categorize(e, phase);
        return new Failure(category, 0, String.format(Locale.ROOT, "request %d, %s, after %.1f ms: %s: %s",
                seq, phase.words, elapsedNanos / 1e6, e.getClass().getSimpleName(), e.getMessage()));
    }

    /** The run's hard stop closed the connection of a request still waiting: it got no answer in time. */
    static Failure cutShort(long seq, long elapsedNanos) {
        return new Failure(FailureCategory.READ_TIMEOUT, 0, String.format(Locale.ROOT,
                "request %d: no complete response after %.1f ms, when the run's hard stop "
                        + "(duration + connect and read timeouts) closed its connection", seq, elapsedNanos / 1e6));
    }
}
