package io.todoplatform.testkit.platform;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.HttpProbe;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.ProcessStarter;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real {@code todo-app/target/todo-app.jar} as a process, configured only through its environment
 * (the contract the operator's Deployment fills in, plus the sidecar's ports as Dapr's injector would).
 * Its JSON log lines go to {@code target/process-logs/todo-app-<port>.log}.
 */
public final class TodoAppProcess implements AutoCloseable {

    private final int port;
    private final ManagedProcess process;

    private TodoAppProcess(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    public static Path jar() {
        Path jar = Environment.repoRoot().resolve("todo-app/target/todo-app.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with ./mvnw -pl todo-app package -DskipTests"
                    + " (./mvnw -pl e2e -am verify builds it first)");
        }
        return jar;
    }

    /**
     * As {@link #start(Map)}, for the local platform: the log goes to {@code logFile} and {@code starter} starts the
     * JVM (there detached, so that the app outlives the command that started it).
     */
    public static TodoAppProcess start(Map<String, String> environment, Path logFile, ProcessStarter starter) {
        int port = Integer.parseInt(environment.get("PORT"));
        List<String> command = List.of(Environment.javaExecutable().toString(),
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toString());
        TodoAppProcess app = new TodoAppProcess(port, starter.start("todo-app", command, logFile, environment, null));
        HttpProbe.awaitHealthy(app.process, URI.create(app.url() + "/healthz"), Duration.ofSeconds(60));
        return app;
    }

    /**
     * Starts the jar with this environment (PORT must be in it) and returns once it serves /healthz. Call
     * {@link #awaitReady} after its sidecar is up: in dapr mode /readyz needs the sidecar.
     */
    public static TodoAppProcess start(Map<String, String> environment) {
        TodoAppProcess app = launch(environment, TEST_JVM);
        HttpProbe.awaitHealthy(app.process, URI.create(app.url() + "/healthz"), Duration.ofSeconds(60));
        return app;
    }

    /** JVM options for tests: small and quick to start (C1 only). Benchmarks pass production-like ones. */
    public static final List<String> TEST_JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /** Starts the jar with these JVM options and returns at once (it may refuse to start: see {@link #awaitExit}). */
    public static TodoAppProcess launch(Map<String, String> environment, List<String> jvmOptions) {
        int port = Integer.parseInt(environment.get("PORT"));
        List<String> command = new java.util.ArrayList<>();
        command.add(Environment.javaExecutable().toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        Path log = Environment.outputDir().resolve("todo-app-" + port + ".log");
        return new TodoAppProcess(port, ManagedProcess.start("todo-app", command, log, environment, null));
    }

    /** Waits until /healthz answers (the HTTP server is up). */
    public void awaitHealthy(Duration timeout) {
        HttpProbe.awaitHealthy(process, URI.create(url() + "/healthz"), timeout);
    }

    /** Waits until /readyz is 2xx (sidecar answers, components loaded, JWT secret read). */
    public void awaitReady(Duration timeout) {
        HttpProbe.awaitHealthy(process, URI.create(url() + "/readyz"), timeout);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public String log() {
        return process.log();
    }

    public Path logFile() {
        return process.logFile();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** SIGKILL: the app dies without its graceful shutdown. */
    public void kill() {
        process.kill();
    }

    /** Waits for the app to exit by itself (e.g. refusing its configuration); its exit code, or empty. */
    public java.util.Optional<Integer> awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    /** SIGTERM (the app's graceful shutdown flushes its outbox), SIGKILL after 30 s. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
