package loadlab.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import loadlab.http.HttpResponse;
import loadlab.http.ResponseParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SmokeTest {
    static java.util.List<String> models() { return Models.correctNames(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void echoes(String model) throws Exception {
        try (EchoServer server = Models.start(model, ServerConfig.defaults());
             EchoServer own = ServerProcess.start(model, ServerConfig.defaults())) {
            check(server);
            check(own);
        }
    }

    private static void check(EchoServer server) throws Exception {
        {
            for (int i = 0; i < 3; i++) {
                try (Socket s = new Socket("127.0.0.1", server.port())) {
                    s.setSoTimeout(10_000);
                    String req = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
                    OutputStream out = s.getOutputStream();
                    InputStream in = new BufferedInputStream(s.getInputStream());
                    out.write(req.getBytes(StandardCharsets.US_ASCII));
                    HttpResponse r = ResponseParser.read(in);
                    assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo(req);
                    out.write(req.getBytes(StandardCharsets.US_ASCII));
                    r = ResponseParser.read(in);
                    assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo(req);
                }
            }
        }
    }
}
