package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.openapi.Schemathesis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * schemathesis fuzzes the app in embedded mode from the committed OpenAPI document: every operation (the sidecar
 * routes too), its examples, boundary values, random valid and invalid input, and stateful sequences along the
 * document's links (create, then read, replace, complete, delete the task created). Every check is on: no 5xx, no
 * status, content type, header or body outside the document, invalid input refused, valid input accepted (except for
 * rules no schema can state; see hack/schemathesis/todo-app.toml), auth not ignored, 405s with Allow. Bounded by
 * {@code -Dtodo.fuzz.seconds} (60 by default) and {@code -Dtodo.fuzz.stateful.seconds} (40). The same document is fuzzed beside a real daprd in
 * e2e's ApiFuzzEndToEndIT.
 */
class ApiFuzzTest {
  private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("todo.fuzz.seconds", 60));
  private static final Duration STATEFUL_BUDGET = Duration.ofSeconds(Long.getLong("todo.fuzz.stateful.seconds", 40));
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyOperationFindsNoServerErrorNoResponseOutsideTheDocumentAndNoCrash() {
    Schemathesis.Result result = fuzz(Schemathesis.OPERATION_PHASES, BUDGET);

    assertThat(result.passed()).as(result.report()).isTrue();
    assertThat(result.casesGenerated()).as("test cases generated").isGreaterThan(30);
    assertThat(app.api.get("/healthz", null).status()).as("the app still serves").isEqualTo(200);
  }

  @Test
  void statefulSequencesFindNothing() {
    Schemathesis.Result result = fuzz(Schemathesis.STATEFUL_PHASE, STATEFUL_BUDGET);

    assertThat(result.passed()).as(result.report()).isTrue();
    assertThat(result.statefulScenarios()).as("stateful scenarios run").isPositive();
    assertThat(app.api.get("/healthz", null).status()).as("the app still serves").isEqualTo(200);
  }

  private static Schemathesis.Result fuzz(String phases, Duration budget) {
    String user = "fuzz-" + TestApp.newUser();
    Schemathesis.Result result = Schemathesis.run("todo-app-embedded-" + phases.replace(',', '-'),
        Environment.repoRoot().resolve("todo-app/src/main/resources/openapi.json"),
        "http://127.0.0.1:" + app.app.port(),
        Environment.repoRoot().resolve("hack/schemathesis/todo-app.toml"),
        Map.of("FUZZ_USER", user, "FUZZ_TOKEN", TestApp.token(user), "SIDECAR_TOKEN", "unused-in-embedded-mode"),
        phases, budget);
    System.out.printf("schemathesis (embedded mode, %s): %d test cases, %d stateful scenarios in %ds, exit %d, "
            + "seed %s; output %s%n", phases, result.casesGenerated(), result.statefulScenarios(), budget.toSeconds(),
        result.exitCode(), result.seed().orElse("?"), result.outputFile());
    return result;
  }
}
