package loadlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./loadlab} rebuilds its jar when any source it is built from is newer: the lab, the
 * workbook's exercises and solutions, the pom. Run on a copy of the script, with a fake {@code mvn}
 * that notes each build and a fake JDK that notes each run, so that nothing is built for real.
 */
class LoadlabScriptTest {

    /** When the jar was built: later than the folders made now, so that only what a test edits is newer. */
    private static final Instant BUILT = Instant.now().plusSeconds(3600);

    @TempDir
    Path root;
    private Path log;

    @BeforeEach
    void aLabWithAJarBuiltAfterEverySource() throws IOException {
        Files.copy(Path.of("loadlab").toAbsolutePath(), root.resolve("loadlab"), StandardCopyOption.COPY_ATTRIBUTES);
        log = root.resolve("log");
        Files.writeString(log, "");
        executable(root.resolve("bin/mvn"), "#!/usr/bin/env bash\necho built >> '" + log + "'\nmkdir -p target && touch target/loadlab.jar\n");
        executable(root.resolve("jdk/bin/java"), """
                #!/usr/bin/env bash
                if [[ "$1" == -XshowSettings* ]]; then echo '    java.specification.version = 21' >&2; exit 0; fi
                echo "ran $*" >> '%s'
                """.formatted(log));
        for (String source : List.of("src/main/java/A.java", "exercises/java/B.java", "solutions/java/B.java", "pom.xml")) {
            write(root.resolve(source), BUILT.minusSeconds(60));
        }
        write(root.resolve("target/loadlab.jar"), BUILT);
    }

    @Test
    void anUpToDateJarRunsAsItIsAndIsToldTheLabsFolder() throws Exception {
        assertThat(run("--version")).containsExactly("ran -Dloadlab.root=" + root + " -jar " + root.resolve("target/loadlab.jar") + " --version");
    }

    @Test
    void aMissingJarIsBuilt() throws Exception {
        Files.delete(root.resolve("target/loadlab.jar"));
        assertThat(run("--version")).first().isEqualTo("built");
    }

    @Test
    void anEditedExerciseRebuildsTheJar() throws Exception {
        write(root.resolve("exercises/java/B.java"), BUILT.plusSeconds(1));
        assertThat(run("serve")).first().isEqualTo("built");
    }

    @Test
    void anEditedSolutionOrLabSourceOrPomRebuildsTheJar() throws Exception {
        for (String source : List.of("solutions/java/B.java", "src/main/java/A.java", "pom.xml")) {
            write(root.resolve(source), BUILT.plusSeconds(1));
            assertThat(run("serve")).as("after editing %s", source).first().isEqualTo("built");
            write(root.resolve(source), BUILT.minusSeconds(60));
            write(root.resolve("target/loadlab.jar"), BUILT);
        }
    }

    @Test
    void aHandOutWithoutSolutionsBuildsAndRunsAlike() throws Exception {
        Files.delete(root.resolve("solutions/java/B.java"));
        Files.delete(root.resolve("solutions/java"));
        Files.delete(root.resolve("solutions"));
        assertThat(run("--version")).hasSize(1).first().asString().startsWith("ran ");
        write(root.resolve("exercises/java/B.java"), BUILT.plusSeconds(1));
        assertThat(run("--version")).first().isEqualTo("built");
    }

    @Test
    void aNewFileInAnExerciseFolderRebuildsTheJar() throws Exception {
        write(root.resolve("exercises/java/C.java"), BUILT.minusSeconds(60));
        Files.setLastModifiedTime(root.resolve("exercises/java"), FileTime.from(BUILT.plusSeconds(1)));
        assertThat(run("--version")).first().isEqualTo("built");
    }

    private List<String> run(String... args) throws Exception {
        Files.writeString(log, "");
        ProcessBuilder builder = new ProcessBuilder(concat(root.resolve("loadlab").toString(), args))
                .directory(root.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", root.resolve("jdk").toString());
        builder.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        Process script = builder.start();
        String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(script.waitFor(30, TimeUnit.SECONDS)).as("the script ends").isTrue();
        assertThat(script.exitValue()).as("exit code; output: %s", output).isZero();
        return Files.readAllLines(log);
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static void write(Path file, Instant modified) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            Files.writeString(file, "");
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
