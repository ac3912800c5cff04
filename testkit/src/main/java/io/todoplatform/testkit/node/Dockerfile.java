package io.todoplatform.testkit.node;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the image config of one stage of a Dockerfile (ENTRYPOINT, CMD, WORKDIR, USER, ENV, and the files COPY'd
 * from a build stage), so that the node runs exactly what the project's own Dockerfile says. Files a stage copies
 * from the build stage (whose WORKDIR holds the repository) are taken from the same path in the repository.
 * External base images are resolved by {@code baseImages} (their ENV and files).
 */
public final class Dockerfile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Stage> stages = new LinkedHashMap<>();

    private record Stage(String name, String from, List<String[]> instructions) {
    }

    private Dockerfile(List<String> lines) {
        Stage current = null;
        for (String line : logicalLines(lines)) {
            String[] parts = line.split("\\s+", 2);
            String keyword = parts[0].toUpperCase(Locale.ROOT);
            String rest = parts.length > 1 ? parts[1].trim() : "";
            if ("FROM".equals(keyword)) {
                String[] words = rest.split("\\s+");
                String name = words.length >= 3 && "AS".equalsIgnoreCase(words[1]) ? words[2] : "stage" + stages.size();
                current = new Stage(name, words[0], new ArrayList<>());
                stages.put(name, current);
            } else if (current != null) {
                current.instructions().add(new String[] {keyword, rest});
            }
        }
    }

    public static Dockerfile read(Path file) {
        try {
            return new Dockerfile(Files.readAllLines(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The image built by {@code docker build --target stage}, tagged {@code reference}.
     *
     * @param repoRoot    where the build stage's sources come from
     * @param baseImages  the ENV and files of an external base image (FROM that is not a stage of this file)
     */
    public ContainerImage image(String stage, String reference, Path repoRoot,
                                Function<String, ContainerImage> baseImages) {
        List<Stage> chain = new ArrayList<>();
        for (Stage s = stages.get(stage); s != null; s = stages.get(s.from())) {
            chain.add(0, s);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("the Dockerfile has no stage " + stage);
        }
        ContainerImage base = baseImages.apply(chain.get(0).from());
        List<String> entrypoint = base.entrypoint();
        List<String> cmd = base.cmd();
        String workingDir = base.workingDir();
        long uid = base.uid();
        long gid = base.gid();
        Map<String, String> env = new LinkedHashMap<>(base.env());
        Map<String, Path> files = new LinkedHashMap<>(base.files());
        for (Stage s : chain) {
            for (String[] instruction : s.instructions()) {
                String argument = instruction[1];
                switch (instruction[0]) {
                    case "ENTRYPOINT" -> {
                        entrypoint = jsonArray(argument);
                        cmd = List.of(); // a new ENTRYPOINT resets an inherited CMD
                    }
                    case "CMD" -> cmd = jsonArray(argument);
                    case "WORKDIR" -> workingDir = argument;
                    case "USER" -> {
                        String[] ids = argument.split(":");
                        uid = Long.parseLong(ids[0]);
                        gid = ids.length > 1 ? Long.parseLong(ids[1]) : uid;
                    }
                    case "ENV" -> {
                        for (String assignment : argument.split("\\s+")) {
                            int equals = assignment.indexOf('=');
                            if (equals > 0) {
                                env.put(assignment.substring(0, equals), unquote(assignment.substring(equals + 1)));
                            }
                        }
                    }
                    case "COPY" -> copy(argument, repoRoot, files);
                    default -> {
                        // RUN, EXPOSE, ARG ...: nothing the runtime reads
                    }
                }
            }
        }
        return new ContainerImage(reference, entrypoint, cmd, workingDir, uid, gid, env, files);
    }

    private void copy(String argument, Path repoRoot, Map<String, Path> files) {
        List<String> words = new ArrayList<>(List.of(argument.split("\\s+")));
        String fromStage = null;
        while (!words.isEmpty() && words.get(0).startsWith("--")) {
            String flag = words.remove(0);
            if (flag.startsWith("--from=")) {
                fromStage = flag.substring("--from=".length());
            }
        }
        if (fromStage == null || words.size() != 2) {
            return; // only single-file copies out of the build stage make it into the runtime images
        }
        String buildWorkdir = workdirOf(fromStage);
        String source = words.get(0);
        if (!source.startsWith(buildWorkdir + "/")) {
            throw new IllegalStateException("COPY --from=" + fromStage + " " + source + " is outside the build stage's "
                    + buildWorkdir);
        }
        files.put(words.get(1), repoRoot.resolve(source.substring(buildWorkdir.length() + 1)));
    }

    private String workdirOf(String stage) {
        String workdir = "/";
        Stage s = stages.get(stage);
        if (s != null) {
            for (String[] instruction : s.instructions()) {
                if ("WORKDIR".equals(instruction[0])) {
                    workdir = instruction[1];
                }
            }
        }
        return workdir;
    }

    private static List<String> jsonArray(String argument) {
        try {
            return JSON.readValue(argument, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("only the exec form [\"...\"] is supported: " + argument, e);
        }
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** Comments dropped, continuation lines (ending in a backslash) joined. */
    private static List<String> logicalLines(List<String> lines) {
        List<String> result = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (pending.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            result.add(pending.toString().trim());
            pending.setLength(0);
        }
        return result;
    }
}
