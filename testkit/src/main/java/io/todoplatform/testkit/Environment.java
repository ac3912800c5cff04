package io.todoplatform.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where things are: the repository root, the directory for process logs and the cache of the binaries
 * {@code hack/build-*.sh} build. Surefire passes the first two as system properties (see the parent pom);
 * anything else (an IDE, the local platform) finds the root by walking up from the working directory.
 */
public final class Environment {
    private static final String REPO_MARKER = "hack/build-dapr.sh";

    private Environment() {
    }

    /** The repository root (the directory holding hack/ and the modules). */
    public static Path repoRoot() {
        String configured = System.getProperty("todo.repo.root");
        Path start = (configured != null ? Paths.get(configured) : Paths.get("")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(REPO_MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (no " + REPO_MARKER + " in " + start
                + " or a parent); run from inside the repository");
    }

    /** Directory for the logs of the processes started (target/process-logs of the module), created on demand. */
    public static Path outputDir() {
        String configured = System.getProperty("todo.process.logs");
        Path dir = (configured != null ? Paths.get(configured) : Paths.get("target", "process-logs")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the process log directory " + dir, e);
        }
    }

    /** Same rule as hack/build-*.sh: ${TODO_PLATFORM_CACHE:-$HOME/.cache/todo-platform}. */
    public static Path cacheRoot() {
        String configured = System.getenv("TODO_PLATFORM_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        return Paths.get(System.getProperty("user.home"), ".cache", "todo-platform");
    }

    /** The Java executable of the running JVM, used to start Java programs (Kafka, the apps) as processes. */
    public static Path javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }
}
