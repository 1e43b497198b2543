package loadlab.http;

import java.io.IOException;

/** A response that is not valid HTTP/1.1; the message says exactly what is wrong with it. */
public final class MalformedResponseException extends IOException {

    public MalformedResponseException(String message) {
        super(message);
    }
}
