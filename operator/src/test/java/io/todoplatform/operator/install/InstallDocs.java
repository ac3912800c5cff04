package io.todoplatform.operator.install;

import io.todoplatform.operator.support.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The docs: the generated CRD reference, and the install and operations commands the install test runs. */
final class InstallDocs {
  static final Path INSTALL = ProjectPaths.repoRoot().resolve("docs/install.md");
  static final Path OPERATIONS = ProjectPaths.repoRoot().resolve("docs/operations.md");
  static final Path REFERENCE = ProjectPaths.repoRoot().resolve("docs/reference.md");
  /** The documents whose install-test parts the install test runs, in this order. */
  static final List<Path> INSTALL_TESTED = List.of(INSTALL, OPERATIONS);
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
   * The body of every ```bash block of the install-test parts of the install and operations docs, in reading
   * order (every other documented command is run by .ci/run and the scripts it calls).
   */
  static List<String> installBashBlocks() {
    List<String> blocks = new ArrayList<>();
    for (Path doc : INSTALL_TESTED) {
      blocks.addAll(bashBlocks(installPart(read(doc), doc)));
    }
    return blocks;
  }

  /** The text between the install-test markers (a document without them has no install part). */
  static String installPart(String text, Path doc) {
    int start = text.indexOf(INSTALL_START);
    int end = text.indexOf(INSTALL_END);
    if (start < 0 && end < 0) {
      return "";
    }
    if (start < 0 || end < start) {
      throw new AssertionError(doc + " has unbalanced " + INSTALL_START + " / " + INSTALL_END + " markers");
    }
    return text.substring(start, end);
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
