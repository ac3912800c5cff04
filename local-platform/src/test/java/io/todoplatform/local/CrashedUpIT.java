package io.todoplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * up dies half-way (SIGKILL: no shutdown hook runs, nothing is cleaned up): what it had started keeps running,
 * detached; status says so; down stops exactly those processes; and up refuses to start over them meanwhile.
 */
class CrashedUpIT {

    private final TestPlatform platform = new TestPlatform("crash");
    private Process sleeper;

    @AfterEach
    void cleanUp() {
        platform.run("down");
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void downStopsWhatACrashedUpLeftRunning() throws Exception {
        Path output = Files.createTempFile("crashed-up", ".log");
        Process up = LauncherProcess.builder(Map.of(), output, "up", "-f", platform.todoPlatform.toString(), "--no-chat",
                "--port-base", Integer.toString(platform.portBase), "--home", platform.home.toString()).start();
        // Killed once Kafka's JVM exists: PostgreSQL and the Scheduler are being started beside it.
        Path kafkaPid = platform.home.resolve("run/kafka.pid");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.exists(kafkaPid) && up.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(kafkaPid).as(Files.readString(output)).exists();
        up.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        sleeper = new ProcessBuilder("sleep", "300").start();

        Thread.sleep(2000);
        List<RecordedProcess> leftBehind = platform.runDir().running();
        assertThat(leftBehind).extracting(RecordedProcess::name).contains("kafka");
        TestPlatform.Result status = platform.run("status");
        assertThat(status.status()).as(status.toString()).isEqualTo(1);
        assertThat(status.out()).contains("kafka", "running", "up` has not finished");
        TestPlatform.Result upAgain = platform.up("--no-chat");
        assertThat(upAgain.status()).isEqualTo(2);
        assertThat(upAgain.err()).contains("an earlier `up` left part of the platform running", "hack/platform.sh down");

        TestPlatform.Result down = platform.run("down");

        assertThat(down.status()).as(down.toString()).isZero();
        for (RecordedProcess process : leftBehind) {
            assertThat(ProcessHandle.of(process.pid()).filter(ProcessHandle::isAlive)).as(process.name()).isEmpty();
        }
        assertThat(platform.runDir().recorded()).isEmpty();
        assertThat(sleeper.isAlive()).as("a process up did not start").isTrue();
        assertThat(down.out()).contains("stopped kafka");
    }
}
