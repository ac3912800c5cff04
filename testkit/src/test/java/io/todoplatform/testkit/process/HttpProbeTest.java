package io.todoplatform.testkit.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that never becomes healthy must not outlive its failed start: the caller never gets an object to close,
 * so an orphan (seen with a Kafka broker on a loaded machine) would keep its ports and memory after the test run.
 */
class HttpProbeTest {

  @Test
  void aProcessThatNeverAnswersIsStoppedWhenItsStartFails(@TempDir Path dir) throws Exception {
    ManagedProcess silent = ManagedProcess.start("silent", List.of("sleep", "600"), dir.resolve("silent.log"));
    URI nobodyListens = URI.create("http://127.0.0.1:" + FreePorts.next() + "/healthz");

    assertThatThrownBy(() -> HttpProbe.awaitHealthy(silent, nobodyListens, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("silent was not healthy at " + nobodyListens);
    assertThat(silent.isAlive()).as("the process after its failed start").isFalse();
    assertThat(Files.exists(dir.resolve("silent.log"))).isTrue();
  }
}
