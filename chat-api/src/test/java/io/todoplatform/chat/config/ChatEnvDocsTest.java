package io.todoplatform.chat.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The configuration table of docs/chat-api.md is the contract with whatever deploys chat-api (the operator's
 * spec.chat): it must list exactly the variables chat-api reads, with their defaults.
 */
class ChatEnvDocsTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Z_]+)`(?:, `([A-Z_]+)`)? \\| ([^|]+) \\|", Pattern.MULTILINE);

  @Test
  void theDocumentedVariablesAreExactlyTheOnesReadWithTheirDefaults() throws Exception {
    String doc = Files.readString(repoRoot().resolve("docs/chat-api.md"));
    int start = doc.indexOf("## Configuration (environment)");
    assertThat(start).as("docs/chat-api.md has the configuration section").isPositive();
    String section = doc.substring(start, doc.indexOf("\n## ", start + 1) < 0 ? doc.length() : doc.indexOf("\n## ", start + 1));
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher row = ROW.matcher(section);
    while (row.find()) {
      documented.put(row.group(1), row.group(3).strip());
      if (row.group(2) != null) {
        documented.put(row.group(2), row.group(3).strip());
      }
    }
    assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(ChatEnv.values()).map(Enum::name).toList());
    for (ChatEnv variable : ChatEnv.values()) {
      String documentedDefault = documented.get(variable.name());
      if (variable.defaultValue() == null) {
        assertThat(documentedDefault).as(variable.name()).startsWith("none");
      } else {
        assertThat(documentedDefault).as(variable.name()).isEqualTo("`" + variable.defaultValue() + "`");
      }
    }
  }

  private static Path repoRoot() {
    String configured = System.getProperty("todo.repo.root");
    Path dir = Path.of(configured != null ? configured : "").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
      dir = dir.getParent();
    }
    return dir;
  }
}
