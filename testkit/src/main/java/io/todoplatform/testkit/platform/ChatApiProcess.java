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
 * The real {@code chat-api/target/chat-api.jar} as a process, configured only through its environment (the
 * {@code CHAT_*} variables and the sidecar's ports, as Dapr's injector sets them). Its JSON log lines go to
 * {@code target/process-logs/chat-api-<port>.log}.
 */
public final class ChatApiProcess implements AutoCloseable {

    private final int port;
    private final ManagedProcess process;

    private ChatApiProcess(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    public static Path jar() {
        Path jar = Environment.repoRoot().resolve("chat-api/target/chat-api.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with ./mvnw -pl chat-api -am package -DskipTests"
                    + " (./mvnw -pl e2e -am verify builds it first)");
        }
        return jar;
    }

    /**
     * Starts the jar with this environment (PORT, DAPR_HTTP_PORT and DAPR_GRPC_PORT must be in it) and returns once
     * it serves /healthz. Call {@link #awaitReady} after its sidecar is up.
     */
    public static ChatApiProcess start(Map<String, String> environment) {
        return start(environment, Environment.outputDir().resolve("chat-api-" + environment.get("PORT") + ".log"),
                ProcessStarter.CHILD);
    }

    /**
     * As {@link #start(Map)}, for the local platform: the log goes to {@code logFile} and {@code starter} starts the
     * JVM (there detached, so that the app outlives the command that started it).
     */
    public static ChatApiProcess start(Map<String, String> environment, Path logFile, ProcessStarter starter) {
        int port = Integer.parseInt(environment.get("PORT"));
        List<String> command = List.of(Environment.javaExecutable().toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toString());
        ChatApiProcess app = new ChatApiProcess(port, starter.start("chat-api", command, logFile, environment, null));
        HttpProbe.awaitHealthy(app.process, URI.create(app.url() + "/healthz"), Duration.ofSeconds(60));
        return app;
    }

    /** Waits until /readyz is 2xx (sidecar answers, conversation and state components loaded, JWT secret read). */
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

    /** SIGTERM (graceful: in-flight messages finish), SIGKILL after 30 s. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
