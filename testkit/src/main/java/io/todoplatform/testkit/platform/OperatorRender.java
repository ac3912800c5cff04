package io.todoplatform.testkit.platform;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Runs the real operator jar's {@code render} command as a process (what a user or CI runs), not the
 * renderer classes in-process, and parses the multi-document YAML it prints.
 *
 * <p>The jar is built by the operator module's package phase, which runs before this module's tests
 * in the reactor (e2e/pom.xml declares the dependency for the build order).
 */
public final class OperatorRender {

    public static final ObjectMapper YAML = new YAMLMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private OperatorRender() {
    }

    public static Path jar() {
        Path jar = Environment.repoRoot().resolve("operator/target/todo-operator.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with ./mvnw -pl operator package -DskipTests"
                    + " (./mvnw -pl e2e -am verify builds it first)");
        }
        return jar;
    }

    /** {@code render -f cr --target selfhosted --secrets-file secrets}: Components, Resiliency, Configuration. */
    public static List<JsonNode> selfHosted(Path cr, Path secretsFile) {
        return render(List.of("-f", cr.toString(), "--target", "selfhosted", "--secrets-file", secretsFile.toString()));
    }

    /**
     * {@code render -f cr --target selfhosted --secrets-file secrets --name-resolution-db db -o dir}, as the local
     * development docs do: {@code dir/resources/} for daprd's --resources-path, {@code dir/config.yaml} for its
     * --config, the sqlite file through which the sidecars find each other for service invocation (each stack its
     * own: else the stacks of two test forks would resolve each other's app-ids), and chat-api's Configuration in
     * {@code dir/<its name>.yaml} when the spec has chat.
     */
    public static void selfHostedInto(Path cr, Path secretsFile, Path nameResolutionDb, Path dir) {
        render(List.of("-f", cr.toString(), "--target", "selfhosted", "--secrets-file", secretsFile.toString(),
                "--name-resolution-db", nameResolutionDb.toAbsolutePath().toString(), "-o", dir.toString()));
    }

    /** {@code render -f cr} (target kubernetes): every manifest, e.g. the backend Deployment and its env. */
    public static List<JsonNode> kubernetes(Path cr) {
        return render(List.of("-f", cr.toString(), "--target", "kubernetes"));
    }

    private static List<JsonNode> render(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Environment.javaExecutable().toString(), "-jar",
                jar().toString(), "render"));
        command.addAll(args);
        Path dir = TempDirs.create("todo-e2e-render");
        Path out = dir.resolve("stdout.yaml");
        Path err = dir.resolve("stderr.txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("render did not finish within " + TIMEOUT + ": " + command);
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new RenderFailure(process.exitValue(), stderr, "render exited " + process.exitValue() + " ("
                        + String.join(" ", command) + "):\n" + stderr);
            }
            List<JsonNode> documents = new ArrayList<>();
            try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(stdout)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                        documents.add(doc);
                    }
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rendering", e);
        } finally {
            TempDirs.deleteRecursively(dir);
        }
    }

    /** The document of this kind and name. */
    public static JsonNode find(List<JsonNode> documents, String kind, String name) {
        return documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()) && name.equals(d.path("metadata").path("name").asText()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("render printed no " + kind + " named " + name));
    }

    /** render exited non-zero; {@link #stderr()} is what it said (for an invalid TodoPlatform: one line per field). */
    public static final class RenderFailure extends IllegalStateException {
        private final int exitCode;
        private final String stderr;

        RenderFailure(int exitCode, String stderr, String message) {
            super(message);
            this.exitCode = exitCode;
            this.stderr = stderr;
        }

        /** 2 for a TodoPlatform that is invalid (or not one), as docs/reference.md says. */
        public int exitCode() {
            return exitCode;
        }

        public String stderr() {
            return stderr;
        }
    }

    /** Every document of this kind. */
    public static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }
}
