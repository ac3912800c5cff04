package io.todoplatform.local;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * The local platform's directory (default {@code <repository>/.local-platform}, {@code --home} or
 * {@code TODO_LOCAL_HOME} elsewhere): everything {@code up} writes and {@code down}, {@code status}, {@code token}
 * and {@code events} read.
 *
 * <pre>
 * credentials.json   passwords, the JWT secret and app tokens, made up once (owner-only)
 * secrets.json       the same, shaped like the Kubernetes Secrets the TodoPlatform names (daprd's local file store)
 * platform.json      what the last up started: addresses, app URLs, topics
 * render-cache.yaml  what render gave for the TodoPlatform file (rendered again when it or the operator changes)
 * dapr/              daprd's resources and Configurations (rendered at each up)
 * data/              PostgreSQL, Kafka and the Scheduler's jobs: kept by down, deleted by --reset
 * logs/              one log per process (the previous run's beside it, *.previous.log)
 * run/               one pid file per running process
 * </pre>
 */
final class LocalHome {

    static final String DEFAULT_DIR = ".local-platform";
    /** Unix socket paths are limited to 107 bytes; PostgreSQL puts its socket in its directory. */
    private static final int MAX_SOCKET_DIR_LENGTH = 80;

    private final Path root;

    LocalHome(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** {@code --home}, else {@code TODO_LOCAL_HOME}, else {@code <repository>/.local-platform}. */
    static LocalHome resolve(Path option) {
        if (option != null) {
            return new LocalHome(option);
        }
        String fromEnvironment = System.getenv("TODO_LOCAL_HOME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new LocalHome(Paths.get(fromEnvironment));
        }
        return new LocalHome(Environment.repoRoot().resolve(DEFAULT_DIR));
    }

    Path root() {
        return root;
    }

    Path credentialsFile() {
        return root.resolve("credentials.json");
    }

    Path secretsFile() {
        return root.resolve("secrets.json");
    }

    Path stateFile() {
        return root.resolve("platform.json");
    }

    /** What render gave for the TodoPlatform last time (see {@link RenderedPlatform#render(Path, Path, Path)}). */
    Path renderCache() {
        return root.resolve("render-cache.yaml");
    }

    Path daprDir() {
        return root.resolve("dapr");
    }

    /** The TodoPlatform as run: the file given, with the command line's chat options applied ({@link ChatOptions}). */
    Path effectivePlatformFile() {
        return root.resolve("todoplatform.yaml");
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path logsDir() {
        return root.resolve("logs");
    }

    Path runDir() {
        return root.resolve("run");
    }

    Path log(String name) {
        return logsDir().resolve(name + ".log");
    }

    Path kafkaDir() {
        return dataDir().resolve("kafka");
    }

    Path schedulerDir() {
        return dataDir().resolve("scheduler");
    }

    /** Sentry's CA (the sidecars' mTLS), kept like the data: down --reset deletes it. */
    Path sentryDir() {
        return dataDir().resolve("sentry");
    }

    /**
     * PostgreSQL's directory: {@code data/postgres}, unless the server (run as the postgres OS user when this runs
     * as root) could not reach it, or its socket path would be too long; then a directory of its own under
     * /var/tmp, derived from this home so that every command finds the same one.
     */
    Path postgresDir() {
        Path inside = dataDir().resolve("postgres");
        if (inside.toString().length() <= MAX_SOCKET_DIR_LENGTH && (!runsAsRoot() || othersCanReach(inside))) {
            return inside;
        }
        return Paths.get("/var/tmp", "todo-platform-postgres", shortHash(root.toString()));
    }

    /** Creates the directories {@code up} writes into, and moves each log of the previous run aside. */
    void prepare() {
        for (Path dir : new Path[] {root, dataDir(), logsDir(), runDir()}) {
            TempDirs.createDirectories(dir);
        }
        try (Stream<Path> logs = Files.list(logsDir())) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log") && !p.toString().endsWith(".previous.log"))
                    .toList()) {
                String name = log.getFileName().toString();
                Files.move(log, log.resolveSibling(name.substring(0, name.length() - 4) + ".previous.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the logs in " + logsDir(), e);
        }
    }

    /** Deletes the data, the generated secrets and the rendered files; the logs stay. */
    void reset() {
        TempDirs.deleteRecursively(postgresDir());
        TempDirs.deleteRecursively(dataDir());
        TempDirs.deleteRecursively(daprDir());
        for (Path file : new Path[] {credentialsFile(), secretsFile(), stateFile(), renderCache(),
                effectivePlatformFile()}) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + file, e);
            }
        }
        if (Files.exists(dataDir())) {
            throw new UserError("cannot delete " + dataDir() + " completely; delete it by hand");
        }
    }

    /** The path as the user would type it: relative to the current directory when inside it. */
    String display(Path path) {
        Path here = Paths.get("").toAbsolutePath();
        Path absolute = path.toAbsolutePath().normalize();
        return absolute.startsWith(here) && !absolute.equals(here) ? here.relativize(absolute).toString() : absolute.toString();
    }

    static boolean runsAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Whether every existing directory above {@code dir} lets other users through (the postgres OS user is one). */
    private static boolean othersCanReach(Path dir) {
        for (Path ancestor = dir.getParent(); ancestor != null; ancestor = ancestor.getParent()) {
            if (!Files.exists(ancestor)) {
                continue;
            }
            try {
                if (!Files.getPosixFilePermissions(ancestor).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return true;
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
