package loadlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import loadlab.stats.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * index.html as a reader sees it: a fake experiment's report rendered by a real browser, Debian's
 * Chromium, headless. A screenshot must show a page, with every verdict's colour in its first
 * screen; a probe (a copy of the page with a script added, since the report itself has none) must
 * find every chart loaded, and the page and each of its tables no wider than a 1280-pixel window. Needs {@code chromium} on the PATH
 * ({@code apt-get install chromium}); skipped, saying so, without it. Two browser starts: a few seconds.
 */
class ReportInBrowserTest {

    /** Kept after the test, to be looked at: {@code target/report-in-browser/screenshot.png}. */
    static final Path OUT = Path.of("target", "report-in-browser");
    static final int WIDTH = 1280;
    static final int HEIGHT = 2400;
    private static final long TIMEOUT_SECONDS = 90;

    private static final String PROBE = """
            <script>
            window.addEventListener('load', function () {
              var images = Array.from(document.images);
              var probe = document.createElement('pre');
              probe.id = 'probe';
              probe.textContent = JSON.stringify({
                images: images.length,
                broken: images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                    .map(function (i) { return i.getAttribute('src'); }),
                pageWidth: document.documentElement.scrollWidth,
                windowWidth: window.innerWidth,
                tablesScrolled: Array.from(document.querySelectorAll('.wide'))
                    .filter(function (d) { return d.scrollWidth > d.clientWidth; }).length
              });
              document.body.appendChild(probe);
            });
            </script>
            """;

    static Path chromium;
    static Path dir;
    static List<String> charts;

    @TempDir
    static Path profiles;

    @BeforeAll
    static void writeTheReport() throws Exception {
        chromium = onPath("chromium");
        if (chromium == null) {
            return; // each test says why it is skipped
        }
        dir = Report.write(FakeExperiment.run(), OUT);
        charts = Pattern.compile("<img src=\"([^\"]+)\"").matcher(Files.readString(dir.resolve("index.html"))).results()
                .map(m -> m.group(1)).toList();
    }

    @BeforeEach
    void needsChromium() {
        assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium): the report is not "
                + "checked in a browser");
    }

    @Test
    void theScreenshotShowsThePageWithEveryVerdictColouredInItsFirstScreen() throws Exception {
        Path png = OUT.resolve("screenshot.png").toAbsolutePath();
        Files.deleteIfExists(png);
        run("--screenshot=" + png, "--hide-scrollbars", dir.resolve("index.html").toUri().toString());

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG at " + png).isNotNull();
        assertThat(image.getWidth()).isEqualTo(WIDTH);
        assertThat(image.getHeight()).isEqualTo(HEIGHT);
        long inked = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                inked += rgb == 0xffffff ? 0 : 1;
            }
        }
        assertThat(inked).as("pixels that are not white").isGreaterThan((long) WIDTH * HEIGHT / 20);
        assertThat(colours.size()).as("colours in the screenshot").isGreaterThan(100);
        for (Verdict v : Verdict.values()) {
            int rgb = Charts.VERDICT_COLOURS.get(v).getRGB() & 0xffffff;
            long badge = 0;
            for (int y = 0; y < 900; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    badge += (image.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
                }
            }
            assertThat(badge).as(v + "'s colour in the first 900 pixels of the page").isGreaterThan(500);
        }
    }

    @Test
    void everyChartLoadsAndThePageAndItsTablesAreNoWiderThanTheWindow() throws Exception {
        Path probe = dir.resolve("probe.html");
        Files.writeString(probe, Files.readString(dir.resolve("index.html")).replace("</body>", PROBE + "</body>"));
        String dom = run("--dump-dom", "--virtual-time-budget=5000", probe.toUri().toString());

        int start = dom.indexOf("<pre id=\"probe\">");
        assertThat(start).as("the probe's report in the page Chromium dumped:\n" + dom).isNotNegative();
        String json = dom.substring(start + "<pre id=\"probe\">".length(), dom.indexOf("</pre>", start))
                .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        JsonNode seen = new ObjectMapper().readTree(json);
        assertThat(charts).contains("ratio.png", "rps.png", "latency.png", "rps-over-time-event-loop_2.png").hasSize(10);
        assertThat(seen.get("images").asInt()).as("images on the page").isEqualTo(charts.size());
        assertThat(seen.get("broken")).as("images that did not load").isEmpty();
        assertThat(seen.get("pageWidth").asInt()).as("the page's width, in a window %d wide", WIDTH)
                .isLessThanOrEqualTo(seen.get("windowWidth").asInt());
        assertThat(seen.get("tablesScrolled").asInt()).as("tables too wide for the page, which scroll on their own")
                .isZero();
    }

    // Runs headless Chromium on a page with a fresh profile; returns what it printed.
    private static String run(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(profiles, "chromium");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--window-size=" + WIDTH + "," + HEIGHT));
        command.addAll(List.of(args));
        Path out = profile.resolve("stdout.txt");
        Path err = profile.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            boolean done = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(done).as("chromium finished within %d s: %s%n%s", TIMEOUT_SECONDS, command, tail(err)).isTrue();
            assertThat(process.exitValue()).as("chromium's exit code: %s%n%s", command, tail(err)).isZero();
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // renderers and the zygote too
            process.destroyForcibly();
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    private static Path onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable)
                .findFirst().orElse(null);
    }
}
