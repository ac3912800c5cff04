package io.todoplatform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command the README and docs/ show is run somewhere: the install-test parts by InstallDocsKubeApiServerIT,
 * every other ```bash line by .ci/run or the scripts it calls (hack/readme-smoke.sh, hack/test.sh), verbatim.
 */
class ReadmeCommandsTest {
  private static final String INSTALL_START = "<!-- install-test:start -->";
  private static final String INSTALL_END = "<!-- install-test:end -->";

  @Test
  void everyDocumentedCommandOutsideTheInstallPartsIsRunByCi() throws Exception {
    Path root = ProjectPaths.repoRoot();
    String ci = Files.readString(root.resolve(".ci/run"))
        + Files.readString(root.resolve("hack/readme-smoke.sh"))
        + Files.readString(root.resolve("hack/test.sh"));
    List<String> commands = new ArrayList<>();
    for (Path doc : documents(root)) {
      for (String command : commandLines(outsideInstallParts(Files.readString(doc)))) {
        assertThat(ci).as("%s: command run by .ci/run, hack/readme-smoke.sh or hack/test.sh",
            root.relativize(doc)).contains(command);
        commands.add(command);
      }
    }
    assertThat(commands).as("documented commands outside the install parts").isNotEmpty();
    assertThat(ci).contains("hack/readme-smoke.sh", "hack/test.sh");
  }

  static List<Path> documents(Path root) throws IOException {
    List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> files = Files.list(root.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static String outsideInstallParts(String markdown) {
    StringBuilder outside = new StringBuilder();
    int from = 0;
    for (int start = markdown.indexOf(INSTALL_START); start >= 0; start = markdown.indexOf(INSTALL_START, from)) {
      outside.append(markdown, from, start);
      int end = markdown.indexOf(INSTALL_END, start);
      assertThat(end).as("install-test markers balanced").isPositive();
      from = end;
    }
    return outside.append(markdown.substring(from)).toString();
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
