package io.todoplatform.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.openapi.Schemathesis;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * schemathesis fuzzes chat-api from its committed OpenAPI document, beside a real daprd (ChatApiHarness: in-memory
 * state store, local-file secret store, conversation.openai). The model is the scripted OpenAI-compatible server, a
 * double for an LLM (none is reachable here), answering every message with a short text; no backend is registered, so
 * tool calls are not exercised here (ChatApiTest and e2e's ChatEndToEndIT do). Every operation, then stateful
 * sequences (chat, then read, list, delete the conversation); bounded by {@code -Dtodo.fuzz.chat.seconds} (30) each.
 */
class ChatApiFuzzTest {
  private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("todo.fuzz.chat.seconds", 30));
  private static ChatApiHarness harness;

  @BeforeAll
  static void start() {
    harness = new ChatApiHarness(Map.of());
    harness.model.whenUnscriptedText("Noted.");
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void everyOperationFindsNoServerErrorNoResponseOutsideTheDocumentAndNoCrash() {
    Schemathesis.Result result = fuzz(Schemathesis.OPERATION_PHASES);

    assertThat(result.passed()).as(result.report()).isTrue();
    assertThat(result.casesGenerated()).as("test cases generated").isGreaterThan(20);
    assertThat(harness.get("/healthz", null).statusCode()).isEqualTo(200);
  }

  @Test
  void statefulSequencesFindNothing() {
    Schemathesis.Result result = fuzz(Schemathesis.STATEFUL_PHASE);

    assertThat(result.passed()).as(result.report()).isTrue();
    assertThat(result.statefulScenarios()).as("stateful scenarios run").isPositive();
  }

  private static Schemathesis.Result fuzz(String phases) {
    String user = "fuzz-" + ChatApiHarness.randomHex(4);
    Schemathesis.Result result = Schemathesis.run("chat-api-" + phases.replace(',', '-'),
        Environment.repoRoot().resolve("chat-api/src/main/resources/openapi.json"), harness.url(""),
        Environment.repoRoot().resolve("hack/schemathesis/chat-api.toml"),
        Map.of("FUZZ_USER", user, "FUZZ_TOKEN", harness.token(user)), phases, BUDGET);
    System.out.printf("schemathesis (chat-api beside daprd, %s): %d test cases, %d stateful scenarios in %ds, exit %d,"
            + " seed %s; output %s%n", phases, result.casesGenerated(), result.statefulScenarios(), BUDGET.toSeconds(),
        result.exitCode(), result.seed().orElse("?"), result.outputFile());
    return result;
  }
}
