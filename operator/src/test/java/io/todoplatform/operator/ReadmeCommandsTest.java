package io.todoplatform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every command the README shows is run somewhere: the install part by InstallDocsKubeApiServerIT, every other
 * ```bash line by .ci/run or the scripts it calls (hack/readme-smoke.sh, hack/test.sh), verbatim.
 */
class ReadmeCommandsTest {
  @Test
  void everyReadmeCommandOutsideTheInstallPartIsRunByCi() throws Exception {
    String readme = Files.readString(ProjectPaths.repoRoot().resolve("README.md"));
    int installStart = readme.indexOf("<!-- install-test:start -->");
    int installEnd = readme.indexOf("<!-- install-test:end -->");
    assertThat(installStart).isPositive();
    String outsideInstall = readme.substring(0, installStart) + readme.substring(installEnd);
    String ci = Files.readString(ProjectPaths.repoRoot().resolve(".ci/run"))
        + Files.readString(ProjectPaths.repoRoot().resolve("hack/readme-smoke.sh"))
        + Files.readString(ProjectPaths.repoRoot().resolve("hack/test.sh"));
    List<String> commands = commandLines(outsideInstall);
    assertThat(commands).as("README commands outside the install part").isNotEmpty();
    for (String command : commands) {
      assertThat(ci).as("README command run by .ci/run, hack/readme-smoke.sh or hack/test.sh").contains(command);
    }
    assertThat(ci).contains("hack/readme-smoke.sh", "hack/test.sh");
  }

  static List<String> commandLines(String markdown) {
    List<String> lines = new ArrayList<>();
    boolean inBash = false;
    for (String line : markdown.split("\n")) {
      if (line.strip().equals("```bash")) {
        inBash = true;
      } else if (inBash && line.strip().equals("```")) {
        inBash = false;
      } else if (inBash && !line.isBlank() && !line.strip().startsWith("#")) {
        lines.add(line.strip());
      }
    }
    return lines;
  }
}
