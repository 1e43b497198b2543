package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A model in a JVM of its own, as the experiments run them. */
class ServerProcessTest {

    static List<String> models() {
        return Models.correctNames();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void echoesInItsOwnJvmAndLeavesNoProcessBehind(String model) throws IOException {
        ProcessHandle child;
        List<ProcessHandle> itsChildren;
        try (ServerProcess server = ServerProcess.start(model, ServerConfig.defaults().withWorkers(2))) {
            child = server.handle();
            assertThat(server.pid()).isEqualTo(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(child.isAlive()).isTrue();
            assertThat(server.model()).isEqualTo(model);
            byte[] request = Requests.post("/own-jvm", "hello".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            try (RawClient client = RawClient.connect(server, 20_000)) {
                Requests.assertEchoes(client.send(request).read(), request);
            }
            itsChildren = child.descendants().collect(Collectors.toList()); // prefork's workers
        }
        assertThat(child.isAlive()).as("the server process after close()").isFalse();
        await("the server's own children").atMost(Duration.ofSeconds(5)).pollInSameThread()
                .until(() -> itsChildren.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void preforkWorkersAreTheServerProcessesChildren() throws IOException {
        try (ServerProcess server = ServerProcess.start("prefork", ServerConfig.defaults().withWorkers(2))) {
            assertThat(server.handle().children().filter(ProcessHandle::isAlive).count()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownModelFailsHereWithTheListOfModels() {
        assertThatThrownBy(() -> ServerProcess.start("fork-bomb", ServerConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fork-bomb").hasMessageContaining("event-loop");
    }

    @Test
    void aPortInUseFailsWithAClearMessage() throws IOException {
        try (EchoServer first = Models.start("event-loop", ServerConfig.defaults())) {
            assertThatThrownBy(() -> ServerProcess.start("event-loop", ServerConfig.defaults().withPort(first.port())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("failed to start");
        }
    }
}
