package loadlab.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import loadlab.experiment.ExperimentResult;

/**
 * Writes an experiment's report into {@code <root>/<experiment>/}: summary.csv, summary.json,
 * the charts and index.html, each straight from the {@link ExperimentResult} (no copy of its
 * figures in between). Files from an earlier run of the same experiment are overwritten.
 */
public final class Report {

    /** Where experiments write their reports unless told otherwise: Maven's target directory. */
    public static final Path DEFAULT_ROOT = Path.of("target", "loadlab");

    private Report() { }

    /** Writes every file; returns the experiment's report directory. */
    public static Path write(ExperimentResult result, Path root) throws IOException {
        Path dir = root.resolve(result.name());
        Files.createDirectories(dir);
        CsvReport.write(result, dir.resolve("summary.csv"));
        JsonReport.write(result, dir.resolve("summary.json"));
        List<String> charts = Charts.write(result, dir);
        HtmlReport.write(result, charts, dir.resolve("index.html"));
        return dir;
    }
}
