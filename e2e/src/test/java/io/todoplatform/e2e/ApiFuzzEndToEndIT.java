package io.todoplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.openapi.Schemathesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * schemathesis fuzzes the todo API from its committed OpenAPI document with the app beside a real daprd, PostgreSQL
 * (state), Kafka (pub/sub) and the Dapr Scheduler (reminder jobs), as rendered by the operator: every operation (the
 * sidecar routes too, with the app token), then stateful sequences along the document's links (create, read,
 * replace, complete, delete). Goal: no 5xx, no response outside the document, no crash, the stack still working after.
 * Bounded by {@code -Dtodo.fuzz.seconds} (60) and {@code -Dtodo.fuzz.stateful.seconds} (30). The same fuzzing runs in
 * embedded mode in todo-app's ApiFuzzTest.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzEndToEndIT {
  private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("todo.fuzz.seconds", 60));
  private static final Duration STATEFUL_BUDGET = Duration.ofSeconds(Long.getLong("todo.fuzz.stateful.seconds", 30));
  private static final String APP_TOKEN = "fuzz-app-token-" + UUID.randomUUID();

  @TempDir
  static Path workDir;

  private TodoPlatformStack stack;
  private Path document;

  @BeforeAll
  void startPlatform() throws IOException {
    TodoPlatformStack.Options options = TodoPlatformStack.Options.defaults();
    options.appApiToken = APP_TOKEN;
    stack = TodoPlatformStack.start(workDir, options);
    document = documentForThisDeployment();
  }

  @AfterAll
  void stopPlatform() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void everyOperationFindsNoServerErrorNoResponseOutsideTheDocumentAndNoCrash() {
    Schemathesis.Result result = fuzz(Schemathesis.OPERATION_PHASES, BUDGET);

    assertThat(result.passed()).as(result.report()).isTrue();
    assertThat(result.casesGenerated()).as("test cases generated").isGreaterThan(30);
    assertStackStillWorks();
  }

  @Test
  void statefulSequencesFindNothing() {
    Schemathesis.Result result = fuzz(Schemathesis.STATEFUL_PHASE, STATEFUL_BUDGET);

    assertThat(result.passed()).as(result.report()).isTrue();
    assertThat(result.statefulScenarios()).as("stateful scenarios run").isPositive();
    assertStackStillWorks();
  }

  private Schemathesis.Result fuzz(String phases, Duration budget) {
    String user = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
    Schemathesis.Result result = Schemathesis.run("todo-app-dapr-" + phases.replace(',', '-'), document,
        stack.app.url(), Environment.repoRoot().resolve("hack/schemathesis/todo-app.toml"),
        Map.of("FUZZ_USER", user, "FUZZ_TOKEN", stack.api.tokenFor(user), "SIDECAR_TOKEN", APP_TOKEN),
        phases, budget);
    System.out.printf("schemathesis (beside daprd + PostgreSQL + Kafka + Scheduler, %s): %d test cases, %d stateful "
            + "scenarios in %ds, exit %d, seed %s; output %s%n", phases, result.casesGenerated(),
        result.statefulScenarios(), budget.toSeconds(), result.exitCode(), result.seed().orElse("?"),
        result.outputFile());
    return result;
  }

  /** After the fuzzing, the app still serves a user, and the sidecar still delivers its events. */
  private void assertStackStillWorks() {
    assertThat(stack.app.isRunning()).as("the app process").isTrue();
    String user = "after-" + UUID.randomUUID().toString().substring(0, 8);
    var created = stack.api.createTask(user, Map.of("title", "still works"), null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /**
   * The committed document names the cron binding's route by its default, /scheduler; this deployment's route is
   * the Scheduler's name (TODO_SWEEP_BINDING), so the copy fuzzed here names that one.
   */
  private Path documentForThisDeployment() throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode committed = (ObjectNode) json.readTree(
        Environment.repoRoot().resolve("todo-app/src/main/resources/openapi.json").toFile());
    String route = "/" + stack.appEnvironment.get("TODO_SWEEP_BINDING");
    ObjectNode paths = (ObjectNode) committed.get("paths");
    paths.set(route, paths.remove("/scheduler"));
    Path copy = workDir.resolve("openapi.json");
    Files.writeString(copy, json.writerWithDefaultPrettyPrinter().writeValueAsString(committed));
    return copy;
  }
}
