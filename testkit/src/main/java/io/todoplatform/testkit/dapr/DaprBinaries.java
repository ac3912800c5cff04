package io.todoplatform.testkit.dapr;

import io.todoplatform.testkit.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the daprd and scheduler binaries that hack/build-dapr.sh builds into
 * {@code ${TODO_PLATFORM_CACHE:-~/.cache/todo-platform}/dapr/<version>/bin}, the version being the one
 * pinned in hack/dapr/go.mod. A missing binary fails the test with the command that builds it: the
 * end-to-end tests are never skipped for want of a binary.
 */
public final class DaprBinaries {

    private static final Pattern DAPR_REQUIRE = Pattern.compile("(?m)^\\s*github\\.com/dapr/dapr\\s+(v\\S+)");

    private final String version;
    private final Path binDir;

    private DaprBinaries(String version, Path binDir) {
        this.version = version;
        this.binDir = binDir;
    }

    public static DaprBinaries locate() {
        Path goMod = Environment.repoRoot().resolve("hack/dapr/go.mod");
        String content;
        try {
            content = Files.readString(goMod, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pinned Dapr version from " + goMod, e);
        }
        Matcher matcher = DAPR_REQUIRE.matcher(content);
        if (!matcher.find()) {
            throw new IllegalStateException("no `github.com/dapr/dapr vX.Y.Z` requirement in " + goMod);
        }
        String version = matcher.group(1);
        return new DaprBinaries(version, Environment.cacheRoot().resolve("dapr").resolve(version).resolve("bin"));
    }

    /** The pinned Dapr release, e.g. {@code v1.17.5}. */
    public String version() {
        return version;
    }

    /**
     * Fails now, with the build command, unless both binaries are built: call it before starting slower
     * services so a missing build is reported in a second, not after Kafka and PostgreSQL started.
     */
    public DaprBinaries requireBuilt() {
        daprd();
        scheduler();
        return this;
    }

    public Path daprd() {
        return require("daprd");
    }

    public Path scheduler() {
        return require("scheduler");
    }

    /** Dapr's certificate authority, for sidecars with mTLS ({@link DaprSentry}). */
    public Path sentry() {
        return require("sentry");
    }

    private Path require(String name) {
        Path binary = binDir.resolve(name);
        if (!Files.isExecutable(binary)) {
            String cache = System.getenv("TODO_PLATFORM_CACHE");
            throw new IllegalStateException("Dapr " + version + " " + name + " is not built (" + binary + " is missing)."
                    + " Build it with: " + (cache != null && !cache.isBlank() ? "TODO_PLATFORM_CACHE=" + cache + " " : "")
                    + "bash " + Environment.repoRoot().resolve("hack/build-dapr.sh"));
        }
        return binary;
    }
}
