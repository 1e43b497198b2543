package loadlab.http;

/**
 * A request that cannot be served, with the status that says why. The server answers it with
 * {@link HttpResponses#error} and closes the connection: after a framing error nothing that follows
 * on the connection can be trusted.
 */
public final class HttpError extends Exception {

    private final int status;

    public HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message);
    }
}
