package io.todoplatform.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where things are: the repository root, the per-run log directory and the cache of test binaries.
 * Surefire passes the first two as system properties (see e2e/pom.xml); running a test from an IDE
 * falls back to paths relative to the e2e module directory.
 */
public final class E2eEnvironment {

    private E2eEnvironment() {
    }

    /** The repository root (the directory holding hack/ and e2e/). */
    public static Path repoRoot() {
        String configured = System.getProperty("e2e.repo.root");
        Path root = configured != null ? Paths.get(configured) : Paths.get("..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("hack"))) {
            throw new IllegalStateException("cannot find the repository root (no hack/ in " + root
                    + "); run the tests with ./mvnw -pl e2e verify from the repository root");
        }
        return root;
    }

    /** Directory for process logs of this run (e2e/target/e2e-logs), created on demand. */
    public static Path outputDir() {
        String configured = System.getProperty("e2e.output.dir");
        Path dir = (configured != null ? Paths.get(configured) : Paths.get("target", "e2e-logs")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the e2e log directory " + dir, e);
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

    /** The Java executable of the JVM running the tests, used to start the Kafka broker's JVM. */
    public static Path javaExecutable() {
        return Paths.get(System.getProperty("java.home"), "bin", "java");
    }
}
