package io.todoplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.testkit.dapr.DaprBinaries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer sees when something is missing or wrong: one specific message per problem, all of them at once,
 * exit status 2, never a stack trace, and nothing left running. (hack/platform.sh's own checks, for what must exist
 * before the launcher can run at all, are in {@link PlatformScriptTest}.)
 */
class PrerequisiteMessagesTest {

    @TempDir
    Path dir;

    private final TestPlatform platform = new TestPlatform("prerequisites");

    @AfterEach
    void nothingRuns() {
        assertThat(platform.runDir().running()).as("processes left running").isEmpty();
    }

    @Test
    void missingPostgresqlAndDaprBinariesAreNamedTogetherWithWhatToRun() throws Exception {
        Path output = dir.resolve("out.txt");
        Process up = LauncherProcess.builder(Map.of("TODO_PG_BIN_DIR", "/nonexistent/pg15/bin",
                        "TODO_PLATFORM_CACHE", dir.resolve("empty-cache").toString()), output,
                "up", "-f", platform.todoPlatform.toString(), "--home", platform.home.toString()).start();
        assertThat(up.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = Files.readString(output, StandardCharsets.UTF_8);

        assertThat(up.exitValue()).as(said).isEqualTo(2);
        assertThat(said).startsWith("error: the local platform cannot start; missing:\n")
                .contains("  - PostgreSQL 15's server binaries: PostgreSQL 15 is not installed"
                        + " (/nonexistent/pg15/bin/postgres is missing); install it with:", "apt-get install -y postgresql")
                .contains("  - Dapr's daprd and scheduler: Dapr " + DaprBinaries.locate().version() + " daprd is not built ("
                        + dir.resolve("empty-cache"),
                        "Build it with: TODO_PLATFORM_CACHE=" + dir.resolve("empty-cache") + " bash ", "hack/build-dapr.sh");
        assertNoStackTrace(said);
    }

    @Test
    void aPortInUseIsNamedWithWhatNeedsItAndHowToMoveIt() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), platform.backendPort));
            TestPlatform.Result up = platform.up("--no-chat");

            assertThat(up.status()).as(up.toString()).isEqualTo(2);
            assertThat(up.err()).startsWith("error: the local platform cannot start: ports are taken")
                    .contains("--port-base N", "port " + platform.backendPort + " is in use on 127.0.0.1; the local"
                            + " platform needs it for backend (its PORT, from Deployment backend)");
            assertNoStackTrace(up.err());
        }
    }

    @Test
    void aTodoPlatformTheOperatorRejectsIsReportedWithRendersOwnFieldMessages() throws Exception {
        ObjectNode cr = (ObjectNode) TestPlatform.YAML.readTree(platform.todoPlatform.toFile());
        ((ObjectNode) cr.path("spec").path("backend")).put("port", 70000).remove("image");
        Path file = dir.resolve("invalid.yaml");
        TestPlatform.YAML.writeValue(file.toFile(), cr);

        TestPlatform.Result up = platform.run("up", "-f", file.toString(), "--port-base", Integer.toString(platform.portBase));

        assertThat(up.status()).as(up.toString()).isEqualTo(2);
        assertThat(up.err()).startsWith("error: " + file + " is not a TodoPlatform the operator accepts:\n")
                .contains("  spec.backend.image", "  spec.backend.port");
        assertNoStackTrace(up.err());
    }

    @Test
    void aTodoPlatformWithoutTheLocalBrokersSettingsIsRefusedFieldByField() throws Exception {
        TestPlatform.Result up = platform.run("up", "-f",
                Path.of(System.getProperty("todo.repo.root"), "samples/production.yaml").toString(),
                "--port-base", Integer.toString(platform.portBase));

        assertThat(up.status()).as(up.toString()).isEqualTo(2);
        assertThat(up.err()).contains("samples/production.yaml cannot run on the local platform:",
                "  - spec.pubsub.brokers: the local platform starts one Kafka broker on this machine",
                "  - spec.pubsub.tls.enabled: the local Kafka broker has no TLS listener; set it to false");
        assertNoStackTrace(up.err());
    }

    @Test
    void commandsThatNeedARunningPlatformSaySoWhenItIsNot() {
        for (List<String> command : List.of(List.of("token"), List.of("events"))) {
            TestPlatform.Result result = platform.run(command.toArray(String[]::new));
            assertThat(result.status()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("start it with: hack/platform.sh up");
        }
        TestPlatform.Result status = platform.run("status");
        assertThat(status.status()).isEqualTo(PlatformStatus.NOT_RUNNING);
        assertThat(status.out()).contains("The local platform is not running.");
        TestPlatform.Result down = platform.run("down");
        assertThat(down.status()).isZero();
        assertThat(down.out()).contains("The local platform was not running.");
    }

    static void assertNoStackTrace(String said) {
        assertThat(said).doesNotContain("\tat ", "Exception", "Caused by");
    }
}
