package loadlab.load;

/** Whether a user keeps its connection between requests or opens a new one for each. */
public enum ConnectionMode {
    /** HTTP/1.1 persistent connections: one connect, many requests. */
    KEEP_ALIVE,
    /** {@code Connection: close} on every request, as the seed's servers forced: a TCP handshake each time. */
    NEW_CONNECTION_PER_REQUEST
}
