package loadlab.server;

import java.io.IOException;

/** A byte source whose reads time out: a socket, or a pipe read ahead by a thread ({@link TimedPipe}). */
@FunctionalInterface
interface TimedInput {

    /**
     * Reads some bytes into {@code into}; -1 at the end of the stream.
     *
     * @throws java.net.SocketTimeoutException if none came within {@code timeoutMillis}
     */
    int read(byte[] into, int timeoutMillis) throws IOException;
}
