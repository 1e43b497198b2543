package loadlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import loadlab.http.ResponseParser;
import loadlab.server.ServerConfig;
import loadlab.server.ServerProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sampler reads real server processes from /proc and gets plausible figures. The bounds are
 * wide on purpose: a JVM's thread count and memory vary by JDK and machine; what is checked is
 * that the figures are of the right kind (a JVM has threads, megabytes, sockets) and that
 * children are counted (prefork's workers, process-per-connection's ended children).
 */
class ResourceSamplerTest {

    private static final Duration PERIOD = Duration.ofMillis(100);

    @BeforeAll
    static void linuxOnly() {
        assumeThat(ProcessTree.isSupported()).as("/proc is Linux's").isTrue();
    }

    @Test
    void readsThisJvm() throws IOException {
        ProcessTree.Snapshot s = new ProcessTree(ProcessHandle.current().pid()).read();
        assertThat(s.threads()).isGreaterThanOrEqualTo(Thread.activeCount());
        assertThat(s.rssBytes()).isBetween(10L << 20, 64L << 30);
        assertThat(s.openFds()).isGreaterThanOrEqualTo(3);
        assertThat(s.cpuSeconds()).isPositive();
        assertThat(s.processes()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aThreadPoolServerUsesCpuThreadsMemoryAndSockets() throws Exception {
        ServerResources r;
        try (ServerProcess server = ServerProcess.start("thread-pool", ServerConfig.defaults().withThreads(16));
             ResourceSampler sampler = ResourceSampler.start(server.pid(), PERIOD, Duration.ZERO)) {
            long end = System.nanoTime() + 800_000_000L;
            while (System.nanoTime() < end) {
                get(server.port());
            }
            r = sampler.stop();
        }
        System.out.println("thread-pool under load for 0.8 s: " + r);
        assertThat(r.samples()).isGreaterThanOrEqualTo(5);
        assertThat(r.sampledSeconds()).isBetween(0.6, 5.0);
        assertThat(r.cpuSeconds()).as("serving for 0.8 s costs some CPU").isGreaterThan(0.01).isLessThan(10.0);
        assertThat(r.peakThreads()).as("16 pool threads and the JVM's own").isGreaterThanOrEqualTo(16 + 5);
        assertThat(r.peakProcesses()).isEqualTo(1);
        assertThat(r.peakRssBytes()).isBetween(20L << 20, 2L << 30);
        assertThat(r.peakOpenFds()).isBetween(5, 10_000);
    }

    @Test
    void preforkWorkersAreCounted() throws Exception {
        ServerResources r;
        try (ServerProcess server = ServerProcess.start("prefork", ServerConfig.defaults().withWorkers(2));
             ResourceSampler sampler = ResourceSampler.start(server.pid(), PERIOD, Duration.ZERO)) {
            for (int i = 0; i < 50; i++) {
                get(server.port());
            }
            r = sampler.stop();
        }
        System.out.println("prefork with 2 workers: " + r);
        assertThat(r.peakProcesses()).as("the server and its 2 workers").isEqualTo(3);
        assertThat(r.peakRssBytes()).as("three JVMs").isGreaterThan(3L * (10 << 20));
    }

    @Test
    void processPerConnectionChildrenThatEndedAreCounted() throws Exception {
        ServerResources r;
        try (ServerProcess server = ServerProcess.start("process-per-connection", ServerConfig.defaults());
             ResourceSampler sampler = ResourceSampler.start(server.pid(), PERIOD, Duration.ZERO)) {
            for (int i = 0; i < 4; i++) {
                get(server.port()); // each connection is a child JVM that starts, answers and exits
            }
            Thread.sleep(300); // let the last child be reaped, so its time is in the server's cutime
            r = sampler.stop();
        }
        System.out.println("process-per-connection, 4 connections: " + r);
        // Starting a JVM costs tens of milliseconds of CPU at least; the server's own relaying, almost none.
        assertThat(r.cpuSeconds()).as("four JVM starts").isGreaterThan(4 * 0.02);
        assertThat(r.peakProcesses()).isBetween(1, 5);
    }

    @Test
    void aProcessThatHasEndedCannotBeRead() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        ResourceSampler sampler = ResourceSampler.start(p.pid(), PERIOD, Duration.ZERO);
        org.assertj.core.api.Assertions.assertThatThrownBy(sampler::stop).isInstanceOf(IOException.class)
                .hasMessageContaining("could not read the resources").hasMessageContaining(String.valueOf(p.pid()));
    }

    private static void get(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /r HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            ResponseParser.read(new BufferedInputStream(s.getInputStream()));
        }
    }
}
