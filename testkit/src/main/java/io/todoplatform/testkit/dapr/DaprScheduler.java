package io.todoplatform.testkit.dapr;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.process.HttpProbe;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.TempDirs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Dapr's Scheduler control-plane service (the unchanged {@code github.com/dapr/dapr/cmd/scheduler}
 * built by hack/build-dapr.sh) with its embedded etcd in a temp dir, standalone mode, no mTLS, every
 * port on 127.0.0.1. It serves the Jobs API behind daprd's {@code /v1.0-alpha1/jobs}; one scheduler
 * can serve several sidecars.
 */
public final class DaprScheduler implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final int port = FreePorts.next();
    private final int healthzPort = FreePorts.next();
    private final int metricsPort = FreePorts.next();
    private final int etcdClientPort = FreePorts.next();
    private final int etcdPeerPort = FreePorts.next();
    private final List<String> command;
    private final Path logFile;
    private ManagedProcess process;

    private DaprScheduler(DaprBinaries binaries) {
        workDir = TempDirs.create("todo-e2e-scheduler");
        logFile = Environment.outputDir().resolve("scheduler-" + workDir.getFileName() + ".log");
        String id = "dapr-scheduler-server-0";
        command = List.of(
                binaries.scheduler().toString(),
                "--id", id,
                "--listen-address", "127.0.0.1",
                "--port", Integer.toString(port),
                // The address daprd is told to use; without it the scheduler broadcasts its host name.
                "--override-broadcast-host-port", address(),
                "--healthz-listen-address", "127.0.0.1",
                "--healthz-port", Integer.toString(healthzPort),
                "--metrics-listen-address", "127.0.0.1",
                "--metrics-port", Integer.toString(metricsPort),
                "--etcd-data-dir", workDir.resolve("etcd").toString(),
                "--etcd-client-listen-address", "127.0.0.1",
                "--etcd-client-port", Integer.toString(etcdClientPort),
                "--etcd-initial-cluster", id + "=http://127.0.0.1:" + etcdPeerPort,
                "--identity-directory-write", workDir.resolve("identity").toString(),
                "--log-level", "info");
        launch();
    }

    private void launch() {
        process = ManagedProcess.start("scheduler", command, logFile, java.util.Map.of(), workDir);
        HttpProbe.awaitHealthy(process, URI.create("http://127.0.0.1:" + healthzPort + "/healthz"), START_TIMEOUT);
    }

    /** SIGKILL, as a crash; the jobs stay in its etcd data for {@link #restart}. */
    public void kill() {
        process.kill();
    }

    /** Starts it again on the same ports and data (after {@link #kill}, or stops it gracefully first). */
    public void restart() {
        if (process.isAlive()) {
            process.stop(Duration.ofSeconds(15));
        }
        launch();
    }

    public static DaprScheduler start() {
        return new DaprScheduler(DaprBinaries.locate());
    }

    /** host:port for daprd's {@code --scheduler-host-address}. */
    public String address() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(15));
        TempDirs.deleteRecursively(workDir);
    }
}
