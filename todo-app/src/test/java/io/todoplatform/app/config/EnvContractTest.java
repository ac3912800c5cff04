package io.todoplatform.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The environment contract: the variables the app reads ({@link EnvVar}) are exactly the ones the
 * documented contract table (docs/reference.md) lists, and every variable the operator sets is one the app reads.
 */
class EnvContractTest {
  private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Z0-9_]+)`\\s*\\|\\s*([^|]*)\\|", Pattern.MULTILINE);

  /** Variable name -> whether the operator sets it, from the documented table. */
  static Map<String, Boolean> readmeContract() throws IOException {
    Path readme = Path.of("..", "docs", "reference.md");
    assertThat(readme).as("docs/reference.md documents the environment contract").exists();
    String text = Files.readString(readme);
    int start = text.indexOf("<!-- env-contract:start -->");
    int end = text.indexOf("<!-- env-contract:end -->");
    assertThat(start).as("docs/reference.md has the env-contract:start marker").isNotNegative();
    assertThat(end).as("docs/reference.md has the env-contract:end marker").isGreaterThan(start);
    Map<String, Boolean> rows = new LinkedHashMap<>();
    Matcher m = ROW.matcher(text.substring(start, end));
    while (m.find()) {
      rows.put(m.group(1), m.group(2).trim().startsWith("yes"));
    }
    return rows;
  }

  @Test
  void appReadsExactlyTheVariablesTheReadmeDocuments() throws IOException {
    Map<String, Boolean> contract = readmeContract();

    assertThat(contract).isNotEmpty();
    assertThat(Arrays.stream(EnvVar.values()).map(Enum::name))
        .containsExactlyInAnyOrderElementsOf(contract.keySet());
  }

  @Test
  void everyVariableTheOperatorSetsIsReadByTheApp() throws IOException {
    Map<String, Boolean> contract = readmeContract();

    contract.forEach((name, setByOperator) -> {
      if (setByOperator) {
        assertThat(EnvVar.valueOf(name)).isNotNull();
      }
    });
    assertThat(contract).containsEntry("TODO_RUNTIME", true).containsEntry("APP_API_TOKEN", true)
        .containsEntry("TODO_JWT_SECRET", false);
  }
}
