package io.todoplatform.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cases RenderCommandPropertiesTest found, kept as plain tests: each failed before its fix. */
class RenderHostileInputTest {
  private static final String SPEC = """
      spec:
        backend: {image: "todo-app:1"}
        pubsub: {brokers: ["kafka:9092"]}
        stateStore: {connectionSecretRef: {name: db, key: url}}
      """;

  /** The name is the app.kubernetes.io/instance label of every child: 64 characters made every child invalid. */
  @Test
  void aNameLongerThanALabelValueIsRefusedWithItsPath(@TempDir Path dir) throws Exception {
    RenderCommandRunner.Result result = render(dir, header("n".repeat(64)) + SPEC);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("metadata.name: must be at most 63 characters").contains("got 64");

    assertThat(render(dir, header("n".repeat(63)) + SPEC).exitCode()).as("63 characters").isZero();
  }

  /** A quoted value with a line break printed a violation over two lines, the second without a field path. */
  @Test
  void aViolationQuotingALineBreakStaysOnOneLine(@TempDir Path dir) throws Exception {
    RenderCommandRunner.Result result = render(dir, header("todo") + SPEC
        + "  scopes: [\"a\\nb\"]\n");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).singleElement().satisfies(line ->
        assertThat(line).startsWith("spec.scopes[0]: ").contains("got \"a\\nb\""));
  }

  /**
   * U+0080..U+009F in a value (here an env value) crashed render with a stack trace: the manifest writer read its
   * own JSON back with the YAML parser, which refuses those characters.
   */
  @Test
  void controlCharactersInAValueAreRenderedEscaped(@TempDir Path dir) throws Exception {
    RenderCommandRunner.Result result = render(dir, header("todo") + SPEC.replace("image: \"todo-app:1\"",
        "image: \"todo-app:1\", env: [{name: NOTE, value: \"a\\x96b\\u0085c\"}]"));
    assertThat(result.err()).isEmpty();
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("name: NOTE").contains("value: \"a\\x96b\\Nc\"");
  }

  private static String header(String name) {
    return "apiVersion: platform.todo.io/v1alpha1\nkind: TodoPlatform\nmetadata: {name: " + name
        + ", namespace: todo}\n";
  }

  private static RenderCommandRunner.Result render(Path dir, String yaml) throws Exception {
    Path file = Files.createTempFile(dir, "platform", ".yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return RenderCommandRunner.run(null, "render", "-f", file.toString());
  }
}
