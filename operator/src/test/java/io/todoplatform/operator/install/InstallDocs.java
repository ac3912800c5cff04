package io.todoplatform.operator.install;

import io.todoplatform.operator.support.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** README.md: its generated CRD reference and the install commands the install test runs. */
final class InstallDocs {
  static final Path FILE = ProjectPaths.repoRoot().resolve("README.md");
  static final String INSTALL_START = "<!-- install-test:start -->";
  static final String INSTALL_END = "<!-- install-test:end -->";
  static final String START = "<!-- crd-reference:start -->";
  static final String END = "<!-- crd-reference:end -->";

  private InstallDocs() {}

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text between the markers (without them), or null when the file has no such section. */
  static String section(String text) {
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    if (start < 0 && end < 0) {
      return null;
    }
    if (start < 0 || end < start) {
      throw new AssertionError("unbalanced " + START + " / " + END + " markers");
    }
    return text.substring(start + START.length(), end);
  }

  static String withSection(String text, String content) {
    int start = text.indexOf(START) + START.length();
    return text.substring(0, start) + content + text.substring(text.indexOf(END));
  }

  /**
   * The body of every ```bash block of the install part of the README, in document order (the quick start and
   * development commands outside it are run by .ci/run and the other tests).
   */
  static List<String> installBashBlocks(String text) {
    int start = text.indexOf(INSTALL_START);
    int end = text.indexOf(INSTALL_END);
    if (start < 0 || end < start) {
      throw new AssertionError("README.md needs the " + INSTALL_START + " / " + INSTALL_END + " markers");
    }
    return bashBlocks(text.substring(start, end));
  }

  /** The body of every ```bash block, in document order. */
  static List<String> bashBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : text.split("\n", -1)) {
      if (current == null && line.strip().equals("```bash")) {
        current = new StringBuilder();
      } else if (current != null && line.strip().equals("```")) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (current != null) {
      throw new AssertionError("a ```bash block is not closed");
    }
    return blocks;
  }
}
