package io.todoplatform.testkit.platform;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.ProcessStarter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real {@code chat-api/target/chat-api.jar} as a process, configured only through its environment (the
 * {@code CHAT_*} variables and the sidecar's ports, as Dapr's injector sets them). Its JSON log lines go to
 * {@code target/process-logs/chat-api-<port>.log}.
 */
public final class ChatApiProcess extends JavaServiceProcess {

    private static final List<String> TEST_JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private ChatApiProcess(int port, ManagedProcess process) {
        super(port, process);
    }

    public static Path jar() {
        return builtJar("chat-api");
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
        ChatApiProcess app = new ChatApiProcess(port,
                starter.start("chat-api", javaCommand(TEST_JVM, jar()), logFile, environment, null));
        app.awaitHealthy(Duration.ofSeconds(60));
        return app;
    }
}
