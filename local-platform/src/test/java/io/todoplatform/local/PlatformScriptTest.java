package io.todoplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.todoplatform.testkit.dapr.DaprBinaries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hack/platform.sh's own checks, for what must be there before the launcher can run: Java 17, and Go when Dapr's
 * binaries are not built yet. Each runs the script with a PATH holding only the tools it needs (symbolic links),
 * so the machine's own Java or Go cannot hide a missing one.
 */
class PlatformScriptTest {

    @TempDir
    Path dir;

    @Test
    void withoutJavaItSaysSoAndHowToGetIt() throws Exception {
        Path bin = tools("bash", "dirname");

        Run run = script(bin, null);

        assertThat(run.status).as(run.output).isEqualTo(2);
        assertThat(run.output).isEqualTo("error: Java 17 or newer is needed and `java` is not on PATH (Debian/Ubuntu:"
                + " apt-get install openjdk-17-jdk-headless)\n");
    }

    @Test
    void anOlderJavaIsNamedWithItsVersion() throws Exception {
        Path bin = tools("bash", "dirname", "sed", "head");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        Run run = script(bin, null);

        assertThat(run.status).as(run.output).isEqualTo(2);
        assertThat(run.output).isEqualTo("error: Java 17 or newer is needed; `java` on PATH is version 11 (" + java + ")\n");
    }

    @Test
    void withoutGoAndWithoutDaprsBinariesItNamesTheGoVersionTheBuildNeeds() throws Exception {
        Path bin = tools("bash", "dirname", "sed", "head");
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));

        Run run = script(bin, dir.resolve("empty-cache"));

        String dapr = DaprBinaries.locate().version();
        String go = Files.readAllLines(Path.of(System.getProperty("todo.repo.root"), "hack/dapr/go.mod")).stream()
                .filter(line -> line.startsWith("go ")).findFirst().orElseThrow().substring(3).strip();
        assertThat(run.status).as(run.output).isEqualTo(2);
        assertThat(run.output).isEqualTo("error: Dapr " + dapr + "'s daprd, scheduler and sentry are built from source on first"
                + " use, which needs Go " + go + " or newer, and `go` is not on PATH (https://go.dev/dl/); they go to "
                + dir.resolve("empty-cache") + "/dapr/" + dapr + "/bin\n");
    }

    private record Run(int status, String output) {
    }

    private Run script(Path bin, Path cache) throws Exception {
        Path output = dir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("bash").toString(),
                Path.of(System.getProperty("todo.repo.root"), "hack/platform.sh").toString(), "up")
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("PATH", bin.toString());
        if (cache != null) {
            builder.environment().put("TODO_PLATFORM_CACHE", cache.toString());
        }
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** A directory of links to these programs only, found on this machine's PATH. */
    private Path tools(String... names) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String name : List.of(names)) {
            Path found = null;
            for (String entry : System.getenv("PATH").split(":")) {
                if (Files.isExecutable(Path.of(entry, name))) {
                    found = Path.of(entry, name);
                    break;
                }
            }
            assertThat(found).as(name + " on PATH").isNotNull();
            Files.createSymbolicLink(bin.resolve(name), found);
        }
        return bin;
    }
}
