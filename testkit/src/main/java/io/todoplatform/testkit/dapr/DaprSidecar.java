package io.todoplatform.testkit.dapr;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.process.HttpProbe;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.ProcessOptions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real daprd sidecar (hack/build-dapr.sh) in standalone mode for one app, with its resources
 * (Components, Resiliency, ...) from a directory, a Configuration file, the Jobs API backed by a
 * {@link DaprScheduler} and every port free and on 127.0.0.1. No placement service is configured, so
 * actors and workflows are off, as in the TodoPlatform deployment.
 *
 * <pre>{@code
 * try (DaprScheduler scheduler = DaprScheduler.start();
 *      DaprSidecar dapr = DaprSidecar.builder("todo-app")
 *              .appPort(appPort).resourcesPath(resourcesDir).config(configFile)
 *              .scheduler(scheduler).start()) {
 *     // dapr.httpUrl() + "/v1.0/publish/...", dapr.grpcPort() for the Java SDK, ...
 * }
 * }</pre>
 *
 * {@link #start} returns once {@code /v1.0/healthz} answers 2xx, i.e. every component initialised and
 * the app port answered. A component that fails to initialise makes daprd exit; {@code start} then
 * throws {@link StartFailure} carrying daprd's log.
 */
public final class DaprSidecar implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String appId;
    private final int httpPort;
    private final int grpcPort;
    private final int internalGrpcPort;
    private final int metricsPort;
    private final int profilePort;
    private final DaprScheduler ownScheduler;
    private final ManagedProcess process;

    private DaprSidecar(Builder builder) {
        this.appId = builder.appId;
        this.httpPort = builder.httpPort > 0 ? builder.httpPort : FreePorts.next();
        this.grpcPort = builder.grpcPort > 0 ? builder.grpcPort : FreePorts.next();
        this.internalGrpcPort = builder.internalGrpcPort > 0 ? builder.internalGrpcPort : FreePorts.next();
        this.metricsPort = builder.metricsPort > 0 ? builder.metricsPort : FreePorts.next();
        this.profilePort = builder.profilePort > 0 ? builder.profilePort : FreePorts.next();
        DaprBinaries binaries = DaprBinaries.locate();
        Path daprd = binaries.daprd();
        binaries.scheduler();
        this.ownScheduler = builder.scheduler == null ? DaprScheduler.start() : null;
        DaprScheduler scheduler = builder.scheduler != null ? builder.scheduler : ownScheduler;

        List<String> command = new ArrayList<>(List.of(
                daprd.toString(),
                "--mode", "standalone",
                "--app-id", appId,
                "--resources-path", builder.resourcesPath.toString(),
                "--scheduler-host-address", scheduler.address(),
                "--dapr-listen-addresses", "127.0.0.1",
                "--dapr-http-port", Integer.toString(httpPort),
                "--dapr-grpc-port", Integer.toString(grpcPort),
                "--dapr-internal-grpc-listen-address", "127.0.0.1",
                "--dapr-internal-grpc-port", Integer.toString(internalGrpcPort),
                "--metrics-listen-address", "127.0.0.1",
                "--metrics-port", Integer.toString(metricsPort),
                "--profile-port", Integer.toString(profilePort),
                "--log-level", builder.logLevel));
        if (builder.appPort > 0) {
            command.addAll(List.of("--app-port", Integer.toString(builder.appPort), "--app-protocol", "http"));
        }
        if (builder.config != null) {
            command.addAll(List.of("--config", builder.config.toString()));
        }
        command.addAll(builder.extraArgs);

        Path logFile = builder.logFileOr(
                Environment.outputDir().resolve("daprd-" + appId + "-" + httpPort + ".log"));
        this.process = builder.starter().start("daprd " + appId, command, logFile, builder.environment, null);
        try {
            HttpProbe.awaitHealthy(process, URI.create(httpUrl() + "/v1.0/healthz"), builder.startTimeout);
        } catch (IllegalStateException e) {
            String log = process.log();
            close();
            throw new StartFailure(e.getMessage(), log, e);
        }
    }

    public static Builder builder(String appId) {
        return new Builder(appId);
    }

    public String appId() {
        return appId;
    }

    /** Dapr HTTP API port (DAPR_HTTP_PORT for the app). */
    public int httpPort() {
        return httpPort;
    }

    /** Dapr gRPC API port (DAPR_GRPC_PORT for the app; the Java SDK talks gRPC). */
    public int grpcPort() {
        return grpcPort;
    }

    public int metricsPort() {
        return metricsPort;
    }

    /** e.g. {@code http://127.0.0.1:41234}. */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** The environment an app next to this sidecar gets from the Dapr injector. */
    public Map<String, String> appEnvironment() {
        return Map.of("DAPR_HTTP_PORT", Integer.toString(httpPort), "DAPR_GRPC_PORT", Integer.toString(grpcPort),
                "DAPR_SIDECAR_IP", "127.0.0.1");
    }

    /** The JSON of {@code GET /v1.0/metadata}: loaded components, subscriptions, ... */
    public String metadataJson() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl() + "/v1.0/metadata"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1.0/metadata answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET /v1.0/metadata failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public Path logFile() {
        return process.logFile();
    }

    /** daprd's output so far. */
    public String log() {
        return process.log();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * SIGKILL, as a crashed sidecar. Start it again with the same {@link Builder} (with fixed
     * {@link Builder#apiPorts}, the app finds it on the same ports).
     */
    public void kill() {
        process.kill();
    }

    /** Stops daprd (graceful shutdown, then SIGKILL) and the scheduler if this sidecar started its own. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(15));
        if (ownScheduler != null) {
            ownScheduler.close();
        }
    }

    /** daprd exited or never became healthy; {@link #log()} has its output (e.g. a component init error). */
    public static final class StartFailure extends IllegalStateException {
        private final String log;

        StartFailure(String message, String log, Throwable cause) {
            super(message, cause);
            this.log = log;
        }

        public String log() {
            return log;
        }
    }

    public static final class Builder extends ProcessOptions<Builder> {
        private final String appId;
        private int appPort;
        private int httpPort;
        private int grpcPort;
        private int internalGrpcPort;
        private int metricsPort;
        private int profilePort;
        private Path resourcesPath;
        private Path config;
        private DaprScheduler scheduler;
        private String logLevel = "info";
        private Duration startTimeout = Duration.ofSeconds(60);
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<String> extraArgs = new ArrayList<>();

        private Builder(String appId) {
            this.appId = Objects.requireNonNull(appId, "appId");
        }

        /** The app's HTTP port; daprd waits for it before reporting healthy. 0 = no app. */
        public Builder appPort(int port) {
            this.appPort = port;
            return this;
        }

        /**
         * The Dapr HTTP/gRPC API ports, when the app must be started first (daprd waits for the app
         * port before it reports healthy, and the app needs to know the sidecar's ports). 0 = a free one.
         */
        public Builder apiPorts(int httpPort, int grpcPort) {
            this.httpPort = httpPort;
            this.grpcPort = grpcPort;
            return this;
        }

        /** The internal gRPC (sidecar to sidecar), metrics and profiling ports; 0 = a free one. */
        public Builder otherPorts(int internalGrpcPort, int metricsPort, int profilePort) {
            this.internalGrpcPort = internalGrpcPort;
            this.metricsPort = metricsPort;
            this.profilePort = profilePort;
            return this;
        }



        /** Directory of Component/Resiliency/Subscription YAML (daprd --resources-path). */
        public Builder resourcesPath(Path dir) {
            this.resourcesPath = dir;
            return this;
        }

        /** A Configuration YAML file (daprd --config). */
        public Builder config(Path file) {
            this.config = file;
            return this;
        }

        /** A shared scheduler; without one the sidecar starts (and stops) its own. */
        public Builder scheduler(DaprScheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** An environment variable for daprd, e.g. APP_API_TOKEN (sent to the app as dapr-api-token). */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        public Builder logLevel(String level) {
            this.logLevel = level;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Any further daprd flag, e.g. {@code --enable-api-logging}. */
        public Builder arg(String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        public DaprSidecar start() {
            Objects.requireNonNull(resourcesPath, "resourcesPath");
            return new DaprSidecar(this);
        }
    }
}
