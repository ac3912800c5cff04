package io.todoplatform.testkit.platform;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.HttpProbe;
import io.todoplatform.testkit.process.ManagedProcess;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One of the project's Java services (a jar with /healthz and /readyz) running as a process on a port: its probes,
 * its log, and how it is stopped. {@link TodoAppProcess} and {@link ChatApiProcess} say which jar and how it starts.
 */
public abstract class JavaServiceProcess implements AutoCloseable {

    private final int port;
    private final ManagedProcess process;

    protected JavaServiceProcess(int port, ManagedProcess process) {
        this.port = port;
        this.process = process;
    }

    /** {@code <module>/target/<module>.jar}, or a failure that says how to build it. */
    protected static Path builtJar(String module) {
        Path jar = Environment.repoRoot().resolve(module + "/target/" + module + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with ./mvnw -pl " + module
                    + " -am package -DskipTests (./mvnw -pl e2e -am verify builds it first)");
        }
        return jar;
    }

    /** {@code java <jvmOptions> -jar <jar>} with the JVM the tests run on. */
    protected static List<String> javaCommand(List<String> jvmOptions, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(Environment.javaExecutable().toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /** Waits until /healthz answers (the HTTP server is up). */
    public void awaitHealthy(Duration timeout) {
        HttpProbe.awaitHealthy(process, URI.create(url() + "/healthz"), timeout);
    }

    /** Waits until /readyz is 2xx: the sidecar answers and the service's components and secrets are loaded. */
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

    /** SIGKILL: the service dies without its graceful shutdown. */
    public void kill() {
        process.kill();
    }

    /** Waits for the service to exit by itself (e.g. refusing its configuration); its exit code, or empty. */
    public Optional<Integer> awaitExit(Duration timeout) {
        return process.awaitExit(timeout);
    }

    /** SIGTERM (graceful: in-flight work finishes, outboxes are flushed), SIGKILL after 30 s. */
    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }
}
