package loadlab;

import java.util.concurrent.TimeUnit;

/** Which optional programs this machine has, for tests that are skipped, and say why, without them. */
public final class Installed {

    private Installed() { }

    /** {@code python3 --version} runs and succeeds: the seed's servers can be started. */
    public static boolean python3() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
