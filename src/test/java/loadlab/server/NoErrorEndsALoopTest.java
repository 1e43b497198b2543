package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicBoolean;
import loadlab.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * No throwable raised for one connection ends an acceptor or an event loop: that connection is
 * refused or closed, and the next one is served. Before, an OutOfMemoryError from starting a thread
 * ended thread-per-connection's acceptor, and one from an echo ended the event loop, each with the
 * port still open and no one serving it.
 */
class NoErrorEndsALoopTest {

    /** A blocking server whose first hand-off fails as a thread that can't be created does. */
    private static final class FailsOnce extends BlockingServer {
        private final AtomicBoolean failed = new AtomicBoolean();

        FailsOnce() throws IOException {
            super("fails-once", ServerConfig.defaults());
        }

        @Override
        protected void dispatch(Socket socket) {
            if (failed.compareAndSet(false, true)) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
            }
            serve(socket);
        }

        FailsOnce started() {
            return start();
        }
    }

    @Test
    void aConnectionThatGetsNoThreadIsRefusedWith503AndTheAcceptorGoesOn() throws Exception {
        try (FailsOnce server = new FailsOnce().started()) {
            try (RawClient refused = RawClient.connect(server)) {
                HttpResponse response = refused.exchange(Requests.get("/first"));
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.closes()).isTrue();
            }
            Requests.assertStillAnswers(server);
        }
    }

    @Test
    void anErrorWhileServingOneRequestClosesThatConnectionAndTheLoopGoesOn() throws Exception {
        try (Reactor reactor = new Reactor("throws-on-boom", ServerConfig.defaults(), exchange -> {
            if (exchange.request().target().equals("/boom")) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
            exchange.answer();
        })) {
            int port = reactor.listen(ServerConfig.defaults()).getPort();
            EchoServer server = new EchoServer() {
                @Override
                public String model() {
                    return "throws-on-boom";
                }

                @Override
                public java.net.InetSocketAddress address() {
                    return new java.net.InetSocketAddress("127.0.0.1", port);
                }

                @Override
                public void close() {
                    // nothing: the try-with-resources that made the reactor closes it
                }
            };
            try (RawClient boom = RawClient.connect(server)) {
                boom.send(Requests.get("/boom"));
                try {
                    assertThat(boom.serverClosed()).as("that connection closed").isTrue();
                } catch (SocketException reset) {
                    assertThat(reset).hasMessageContaining("reset");
                }
            }
            Requests.assertStillAnswers(server);
        }
    }
}
