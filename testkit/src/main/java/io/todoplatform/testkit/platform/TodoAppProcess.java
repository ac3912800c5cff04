package io.todoplatform.testkit.platform;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.ProcessStarter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real {@code todo-app/target/todo-app.jar} as a process, configured only through its environment
 * (the contract the operator's Deployment fills in, plus the sidecar's ports as Dapr's injector would).
 * Its JSON log lines go to {@code target/process-logs/todo-app-<port>.log}.
 */
public final class TodoAppProcess extends JavaServiceProcess {

    /** JVM options for tests: small and quick to start (C1 only). Benchmarks pass production-like ones. */
    public static final List<String> TEST_JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private TodoAppProcess(int port, ManagedProcess process) {
        super(port, process);
    }

    public static Path jar() {
        return builtJar("todo-app");
    }

    /**
     * Starts the jar with this environment (PORT must be in it) and returns once it serves /healthz. Call
     * {@link #awaitReady} after its sidecar is up: in dapr mode /readyz needs the sidecar.
     */
    public static TodoAppProcess start(Map<String, String> environment) {
        int port = Integer.parseInt(environment.get("PORT"));
        return start(environment, Environment.outputDir().resolve("todo-app-" + port + ".log"), ProcessStarter.CHILD);
    }

    /**
     * As {@link #start(Map)}, for the local platform: the log goes to {@code logFile} and {@code starter} starts the
     * JVM (there detached, so that the app outlives the command that started it).
     */
    public static TodoAppProcess start(Map<String, String> environment, Path logFile, ProcessStarter starter) {
        int port = Integer.parseInt(environment.get("PORT"));
        TodoAppProcess app = new TodoAppProcess(port,
                starter.start("todo-app", javaCommand(TEST_JVM, jar()), logFile, environment, null));
        app.awaitHealthy(Duration.ofSeconds(60));
        return app;
    }

    /** Starts the jar with these JVM options and returns at once (it may refuse to start: see {@link #awaitExit}). */
    public static TodoAppProcess launch(Map<String, String> environment, List<String> jvmOptions) {
        int port = Integer.parseInt(environment.get("PORT"));
        Path log = Environment.outputDir().resolve("todo-app-" + port + ".log");
        return new TodoAppProcess(port, ManagedProcess.start("todo-app", javaCommand(jvmOptions, jar()), log,
                environment, null));
    }
}
