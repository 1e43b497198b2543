package loadlab.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;

/**
 * summary.json: the {@link Summary} as Jackson writes it. Non-finite figures (an interval from
 * one trial, a latency with no responses) are written as the strings "NaN" and "Infinity", which
 * Jackson reads back into the same doubles.
 */
public final class JsonReport {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() { }

    public static void write(Summary summary, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), summary);
    }

    public static Summary read(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), Summary.class);
    }
}
