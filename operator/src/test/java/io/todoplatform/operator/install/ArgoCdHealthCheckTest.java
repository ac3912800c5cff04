package io.todoplatform.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ProjectPaths;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TodoPlatform health check in deploy/argocd/argocd-cm-patch.yaml, run by a real Lua 5.1 (the semantics ArgoCD's
 * gopher-lua has) against status fixtures, exactly as ArgoCD runs it: the resource as the global `obj`.
 */
class ArgoCdHealthCheckTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final String TODOPLATFORM_KEY = "resource.customizations.health.platform.todo.io_TodoPlatform";
  static final String APPLICATION_KEY = "resource.customizations.health.argoproj.io_Application";
  static final Path FIXTURES = ProjectPaths.repoRoot().resolve("operator/src/test/resources/argocd/health");
  static final Path HARNESS = ProjectPaths.repoRoot().resolve("operator/src/test/resources/argocd/health-harness.lua");

  @TempDir
  static Path work;
  static Path todoPlatformScript;
  static Path applicationScript;

  record Health(String status, String message) {}

  /** The scripts live in one place, the argocd-cm patch users apply; the test reads them from there. */
  @BeforeAll
  static void extractScripts() throws Exception {
    JsonNode data = YAML.readTree(ProjectPaths.repoRoot().resolve("deploy/argocd/argocd-cm-patch.yaml").toFile())
        .path("data");
    assertThat(data.has(TODOPLATFORM_KEY)).as("argocd-cm patch has %s", TODOPLATFORM_KEY).isTrue();
    todoPlatformScript =
        Files.writeString(work.resolve("todoplatform-health.lua"), data.path(TODOPLATFORM_KEY).asText());
    applicationScript = Files.writeString(work.resolve("application-health.lua"), data.path(APPLICATION_KEY).asText());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ready.yaml             | Healthy     | Ready: 2/2 backend replicas available
      generation-lags.yaml   | Progressing | Waiting for the operator to observe generation 4
      no-status.yaml         | Progressing | Waiting for the operator to report a status
      rolling-out.yaml       | Progressing | RollingOut: 1/2 replicas updated
      ready-unknown.yaml     | Progressing | Progressing: reconciling
      secret-not-found.yaml  | Degraded    | SecretNotFound: Secret todo-prod/neon-db (spec.stateStore.connectionSecretRef) not found
      blocked-on-new-generation.yaml | Degraded | SecretNotFound: Secret "kafka-v2" (spec.pubsub.auth.secretRef.usernameKey) not found in the TodoPlatform's namespace; create it with key "username"
      paused.yaml            | Suspended   | Paused: annotation platform.todo.io/paused is "true": no changes are made to the children
      """)
  void fixtures(String fixture, String status, String message) throws Exception {
    Health health = assess(todoPlatformScript, YAML.readTree(FIXTURES.resolve(fixture).toFile()));
    assertThat(health).isEqualTo(new Health(status, message));
  }

  /** Every reason the operator treats as needing someone to act shows as Degraded, and only those. */
  @ParameterizedTest(name = "Ready=False, reason {0}")
  @MethodSource("readyReasons")
  void degradedExactlyForTheOperatorsErrorReasons(String reason) throws Exception {
    ObjectNode platform = (ObjectNode) YAML.readTree(FIXTURES.resolve("ready.yaml").toFile());
    ObjectNode ready = (ObjectNode) platform.path("status").path("conditions").get(0);
    ready.put("status", "False").put("reason", reason).put("message", "fixture");
    Health health = assess(todoPlatformScript, platform);
    assertThat(health.status()).isEqualTo(Reason.ERRORS.contains(reason) ? "Degraded" : "Progressing");
    assertThat(health.message()).isEqualTo(reason + ": fixture");
  }

  static Stream<String> readyReasons() throws IllegalAccessException {
    List<String> reasons = new ArrayList<>();
    for (Field field : Reason.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        reasons.add((String) field.get(null));
      }
    }
    assertThat(reasons).containsAll(Reason.ERRORS);
    return reasons.stream().filter(r -> !r.equals(Reason.PAUSED));
  }

  /** A Paused condition that is False (the normal state) does not suspend anything. */
  @Test
  void pausedFalseIsIgnored() throws Exception {
    Health health = assess(todoPlatformScript, YAML.readTree(FIXTURES.resolve("ready.yaml").toFile()));
    assertThat(health.status()).isEqualTo("Healthy");
  }

  /** The Application check lets the app of apps wait, wave by wave, for its children to be healthy. */
  @ParameterizedTest
  @CsvSource({"Healthy", "Progressing", "Degraded"})
  void applicationHealthIsTheChildApplicationsOwn(String status) throws Exception {
    JsonNode application = YAML.readTree("""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: todo-platform-operator, namespace: argocd}
        status: {health: {status: %s, message: from the child}}
        """.formatted(status));
    assertThat(assess(applicationScript, application)).isEqualTo(new Health(status, "from the child"));
  }

  @Test
  void applicationWithoutHealthYetIsProgressing() throws Exception {
    JsonNode application = YAML.readTree("{apiVersion: argoproj.io/v1alpha1, kind: Application, metadata: {name: x}}");
    assertThat(assess(applicationScript, application).status()).isEqualTo("Progressing");
  }

  private static Health assess(Path script, JsonNode object) throws Exception {
    Path objectFile = Files.createTempFile(work, "obj", ".lua");
    Files.writeString(objectFile, "return " + LuaTable.of(object) + "\n");
    Command.Result result = Command.run(Command.lua51(), HARNESS.toString(), script.toString(), objectFile.toString())
        .requireSuccess();
    String status = null;
    String message = null;
    for (String line : result.stdout().split("\n")) {
      if (line.startsWith("status=")) {
        status = line.substring("status=".length());
      } else if (line.startsWith("message=")) {
        message = line.substring("message=".length());
      }
    }
    return new Health(status, message);
  }
}
