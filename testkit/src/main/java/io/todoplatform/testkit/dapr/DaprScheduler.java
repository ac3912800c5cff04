package io.todoplatform.testkit.dapr;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.process.HttpProbe;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.ProcessOptions;
import io.todoplatform.testkit.process.ProcessStarter;
import io.todoplatform.testkit.process.TempDirs;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Dapr's Scheduler control-plane service (the unchanged {@code github.com/dapr/dapr/cmd/scheduler}
 * built by hack/build-dapr.sh) with its embedded etcd in a temp dir, standalone mode, no mTLS, every
 * port on 127.0.0.1. It serves the Jobs API behind daprd's {@code /v1.0-alpha1/jobs}; one scheduler
 * can serve several sidecars. {@link #builder()} also keeps the jobs in a directory of its own, on given ports,
 * for a Scheduler that outlives its process (the local platform's).
 */
public final class DaprScheduler implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final boolean persistent;
    private final int port;
    private final int healthzPort;
    private final int metricsPort;
    private final int etcdClientPort;
    private final int etcdPeerPort;
    private final List<String> command;
    private final java.util.Map<String, String> environment;
    private final Path logFile;
    private final ProcessStarter starter;
    private ManagedProcess process;

    private DaprScheduler(DaprBinaries binaries, Builder builder) {
        persistent = builder.dir != null;
        workDir = persistent ? builder.dir : TempDirs.create("todo-e2e-scheduler");
        TempDirs.createDirectories(workDir);
        port = orFree(builder.port);
        healthzPort = orFree(builder.healthzPort);
        metricsPort = orFree(builder.metricsPort);
        etcdClientPort = orFree(builder.etcdClientPort);
        etcdPeerPort = orFree(builder.etcdPeerPort);
        starter = builder.starter();
        logFile = builder.logFileOr(
                Environment.outputDir().resolve("scheduler-" + workDir.getFileName() + ".log"));
        String id = "dapr-scheduler-server-0";
        List<String> arguments = new java.util.ArrayList<>(List.of(
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
                "--log-level", "info"));
        java.util.Map<String, String> env = new java.util.HashMap<>();
        if (builder.sentry != null) {
            // Sidecars with mTLS speak TLS to the Scheduler too: it gets its identity from the same Sentry.
            arguments.addAll(List.of("--tls-enabled", "--sentry-address", builder.sentry.address(),
                    "--trust-anchors-file", builder.sentry.trustAnchorsFile().toString(),
                    "--trust-domain", DaprSentry.TRUST_DOMAIN));
            env.put("NAMESPACE", DaprSentry.NAMESPACE);
        }
        command = List.copyOf(arguments);
        environment = java.util.Map.copyOf(env);
        launch();
    }

    private void launch() {
        process = starter.start("scheduler", command, logFile, environment, workDir);
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
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static int orFree(int port) {
        return port > 0 ? port : FreePorts.next();
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
        if (!persistent) {
            TempDirs.deleteRecursively(workDir);
        }
    }

    /** Options of a Scheduler; {@link #start()} starts it. Every default is what {@link DaprScheduler#start()} uses. */
    public static final class Builder extends ProcessOptions<Builder> {
        private Path dir;
        private int port;
        private int healthzPort;
        private int metricsPort;
        private int etcdClientPort;
        private int etcdPeerPort;
        private DaprSentry sentry;

        private Builder() {
        }

        /** TLS with an identity from this Sentry, for sidecars with mTLS ({@link DaprSentry#secure}). Default: none. */
        public Builder secure(DaprSentry sentry) {
            this.sentry = sentry;
            return this;
        }

        /**
         * A directory that outlives the Scheduler: its embedded etcd (the jobs) is kept there, reopened by later
         * starts and not deleted by {@link DaprScheduler#close()}. Default: a temp dir, deleted on close.
         */
        public Builder persistentDir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** The 127.0.0.1 ports: gRPC (daprd's), healthz, metrics, etcd client and etcd peer; 0 = a free one. */
        public Builder ports(int port, int healthzPort, int metricsPort, int etcdClientPort, int etcdPeerPort) {
            this.port = port;
            this.healthzPort = healthzPort;
            this.metricsPort = metricsPort;
            this.etcdClientPort = etcdClientPort;
            this.etcdPeerPort = etcdPeerPort;
            return this;
        }



        /** Starts the Scheduler and returns once it answers its health check. */
        public DaprScheduler start() {
            return new DaprScheduler(DaprBinaries.locate(), this);
        }
    }
}
