package loadlab.server;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import loadlab.http.ByteBudget;
import loadlab.http.HttpLimits;

/**
 * The child of process-per-connection: a JVM that serves one connection on its stdin and stdout,
 * then exits, as a CGI program did. Its stdout is the connection, so nothing but HTTP may reach it:
 * the JVM options a user's environment adds ({@code JAVA_TOOL_OPTIONS=-Xlog:gc} prints a GC line
 * before the response) are removed, the JVM's own output goes to stderr, and so does anything the
 * code prints. It enforces the parent's limits itself: head and body sizes, idle and head timeouts,
 * body rate, and its heap's share of request bodies.
 */
public final class CgiChild {

    /** The environment variables a JVM takes options from. */
    static final List<String> JVM_OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private CgiChild() { }

    /** Starts a child for one connection; the caller relays the connection's bytes to and from it. */
    static Process start(ServerConfig config) throws IOException {
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx32m", "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-XX:+DisplayVMOutputToStderr"));
        jvmOptions.addAll(Work.calibrationOptions(config.work()));
        List<String> args = new ArrayList<>(List.of(config.work().toString()));
        args.addAll(config.limits().toArgs());
        ProcessBuilder child = JavaProcess.shortLived(CgiChild.class.getName(), jvmOptions, args)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        child.environment().keySet().removeAll(JVM_OPTION_VARIABLES);
        return child.start();
    }

    public static void main(String[] args) throws Exception {
        Work work = Work.parse(args[0]);
        HttpLimits limits = HttpLimits.fromArgs(args, 1);
        System.setOut(System.err); // a stray println must not land in the response
        // The raw file descriptors: System.out is a PrintStream, which would hide write errors.
        try (OutputStream out = new FileOutputStream(FileDescriptor.out)) {
            EchoHandler.serve(new TimedPipe(new FileInputStream(FileDescriptor.in)), out, work, limits, ByteBudget.quarterOfHeap());
        }
    }
}
