package io.todoplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The launcher as a JVM of its own (as hack/platform.sh runs it), with the module's classes and test classpath. */
final class LauncherProcess {

    private LauncherProcess() {
    }

    static ProcessBuilder builder(Map<String, String> environment, Path output, String... args) {
        Path target = Path.of(System.getProperty("todo.repo.root"), "local-platform", "target");
        String dependencies;
        try {
            dependencies = Files.readString(Path.of(System.getProperty("todo.kafka.classpath.file")),
                    StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtodo.repo.root=" + System.getProperty("todo.repo.root"),
                "-cp", target.resolve("classes") + ":" + dependencies, LocalPlatform.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        return builder;
    }
}
