package loadlab.load;

/** Why a request failed. Each failed request is counted in exactly one category. */
public enum FailureCategory {
    /** Nothing accepted the connection (ECONNREFUSED): no server, or its backlog overflowed with resets. */
    CONNECT_REFUSED,
    /** The TCP handshake did not finish within the connect timeout, e.g. a full accept queue. */
    CONNECT_TIMEOUT,
    /** The server reset the connection (or the pipe broke) while the request was sent or the response read. */
    CONNECTION_RESET,
    /** No complete response within the read timeout. */
    READ_TIMEOUT,
    /** Bytes that are not a valid HTTP/1.1 response, as the strict parser judges. */
    MALFORMED_RESPONSE,
    /** A valid 2xx response whose body is not exactly the bytes of the request sent. */
    WRONG_ECHO,
    /** A valid response with a status outside 2xx; the codes are counted separately. */
    HTTP_STATUS,
    /**
     * Open loop: due before the window closed but never sent, because the in-flight cap was still
     * full. Counted in the latency figures too, at the least it waited (window end minus intended send).
     */
    UNSENT
}
