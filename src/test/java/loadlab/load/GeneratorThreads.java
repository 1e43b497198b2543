package loadlab.load;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generator's threads still alive, virtual ones included. {@link Thread#getAllStackTraces()}
 * knows only platform threads, so this also reads the JDK's JSON thread dump, which lists the
 * virtual threads of every thread-per-task executor.
 */
final class GeneratorThreads {

    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(loadlab-[^\"]*)\"");

    private GeneratorThreads() { }

    static List<String> alive() throws IOException {
        List<String> names = new ArrayList<>();
        Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> n.startsWith("loadlab-")).forEach(names::add);
        Path dir = Files.createTempDirectory("loadlab-threads");
        Path dump = dir.resolve("dump.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Matcher m = NAME.matcher(Files.readString(dump));
            while (m.find()) {
                if (!names.contains(m.group(1))) {
                    names.add(m.group(1));
                }
            }
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dir);
        }
        return names;
    }
}
