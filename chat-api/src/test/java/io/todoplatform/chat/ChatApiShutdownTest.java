package io.todoplatform.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Graceful shutdown with a message in flight: it is answered and stored; the server then stops taking requests. */
class ChatApiShutdownTest {
  @Test
  void aMessageBeingAnsweredWhenShutdownStartsIsFinishedAndStored() {
    try (ChatApiHarness harness = new ChatApiHarness(Map.of())) {
      harness.model.thenTextAfter(Duration.ofSeconds(3), "Answered during shutdown.");
      CompletableFuture<HttpResponse<String>> answer =
          CompletableFuture.supplyAsync(() -> harness.chat("drain-user", "Slow question", null));
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> harness.model.requests().size() == 1);

      CompletableFuture<Void> shutdown = CompletableFuture.runAsync(harness.app::close);
      Awaitility.await("readiness down").atMost(Duration.ofSeconds(10))
          .until(() -> harness.get("/readyz", null).statusCode() == 503);
      HttpResponse<String> refused = harness.get("/api/drain-user/conversations", harness.token("drain-user"));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();

      HttpResponse<String> response = answer.join();
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      assertThat(ChatApiHarness.json(response).path("reply").asText()).isEqualTo("Answered during shutdown.");
      shutdown.join();
      // Stored before the server stopped: the sidecar's state API has it.
      String id = ChatApiHarness.json(response).path("conversationId").asText();
      String stored = harness.stateViaSidecar("conversation:drain-user:" + id);
      assertThat(stored).contains("Slow question").contains("Answered during shutdown.");
    }
  }
}
