package loadlab.server;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/** Starts a child JVM running one of our classes, with the same java binary and classpath as this JVM. */
public final class JavaProcess {

    private JavaProcess() { }

    /** The java binary of the running JVM: the default {@code java} on the PATH may be too old. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    /**
     * A process builder for {@code java <jvmOptions> -cp <our classpath> mainClass args}. Small heap,
     * serial GC and C1 only: these children are many and short-lived, and start-up time is what
     * they cost.
     */
    public static ProcessBuilder builder(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:-UsePerfData");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        return new ProcessBuilder(command);
    }

    /** Kills a child and waits for it, so that no process outlives the server that made it. */
    public static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
