package loadlab.locust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The codec against locust's own: each frame below is what locust 2.12.1's {@code Message.serialize}
 * (Python's msgpack 1.0.3) made of the message beside it. Decoding it must give that message, and
 * encoding the message must give the same bytes back, so a master reads what we send as its own.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class MessageTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("locustFrames")
    void aFrameOfLocustsDecodesToItsMessageAndEncodesToTheSameBytes(String type, Object data, String hex) {
        byte[] frame = HexFormat.of().parseHex(hex);

        Message decoded = Message.decode(frame);

        assertThat(decoded).isEqualTo(new Message(type, data, "w1"));
        assertThat(HexFormat.of().formatHex(decoded.encode())).isEqualTo(hex);
    }

    static List<Arguments> locustFrames() {
        Map<Object, Object> spawn = new LinkedHashMap<>();
        spawn.put("timestamp", 1733263000.25);
        spawn.put("user_classes_count", Map.of("LoadlabUser", 10L));
        spawn.put("host", "http://127.0.0.1:8080");
        spawn.put("stop_timeout", null);
        spawn.put("parsed_options", Map.of());
        Map<Object, Object> heartbeat = new LinkedHashMap<>();
        heartbeat.put("state", "running");
        heartbeat.put("current_cpu_usage", 12.5);
        heartbeat.put("current_memory_usage", 1_000_000L);
        Map<Object, Object> responseTimes = new LinkedHashMap<>();
        responseTimes.put(1L, 5L);   // locust's stats dicts are keyed by integers: ms, or epoch seconds
        responseTimes.put(150L, 2L);
        return List.of(
                Arguments.of("ack", Map.of("index", 0L), "93a361636b81a5696e64657800a27731"),
                Arguments.of("spawn", spawn, "93a5737061776e85a974696d657374616d70cb41d9d3dfa6100000b2757365725f636c61737365735f"
                        + "636f756e7481ab4c6f61646c6162557365720aa4686f7374b5687474703a2f2f3132372e302e302e313a38303830ac73746f70"
                        + "5f74696d656f7574c0ae7061727365645f6f7074696f6e7380a27731"),
                Arguments.of("stop", null, "93a473746f70c0a27731"),
                Arguments.of("quit", null, "93a471756974c0a27731"),
                Arguments.of("reconnect", null, "93a97265636f6e6e656374c0a27731"),
                Arguments.of("client_ready", -1L, "93ac636c69656e745f7265616479ffa27731"),
                Arguments.of("heartbeat", heartbeat, "93a968656172746265617483a57374617465a772756e6e696e67b163757272656e745f637075"
                        + "5f7573616765cb4029000000000000b463757272656e745f6d656d6f72795f7573616765ce000f4240a27731"),
                Arguments.of("stats", Map.of("stats_total", Map.of("response_times", responseTimes)),
                        "93a5737461747381ab73746174735f746f74616c81ae726573706f6e73655f74696d6573820105cc9602a27731"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workerMessages")
    void everyMessageAWorkerSendsSurvivesARoundTrip(String type, Object data) {
        Message m = new Message(type, data, "host_loadlab_0123456789ab");

        assertThat(Message.decode(m.encode())).isEqualTo(m);
    }

    static List<Arguments> workerMessages() {
        return List.of(
                Arguments.of("client_ready", -1L),
                Arguments.of("spawning", null),
                Arguments.of("spawning_complete", Map.of("user_classes_count", Map.of("LoadlabUser", 10L), "user_count", 10L)),
                Arguments.of("heartbeat", Map.of("state", "running", "current_cpu_usage", 3.5, "current_memory_usage", 123456789L)),
                Arguments.of("stats", new LocustStats("GET", "/", 1.0).report(Map.of("LoadlabUser", 10L), 4.0)),
                Arguments.of("client_stopped", null),
                Arguments.of("exception", Map.of("msg", "loadlab: no target", "traceback", "")),
                Arguments.of("quit", null));
    }

    @Test
    void aFrameThatIsNotALocustMessageIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Message.decode(new byte[] {(byte) 0x92, 0x01, 0x02}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an array of 2 items");
        assertThatThrownBy(() -> Message.decode(new byte[] {0x05}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a msgpack array");
    }
}
