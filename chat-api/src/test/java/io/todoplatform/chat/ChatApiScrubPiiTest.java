package io.todoplatform.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.testkit.model.ScriptedModelServer.Request;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CHAT_SCRUB_PII=true: Dapr's Conversation API scrubs PII from what reaches the model and from its answer. */
class ChatApiScrubPiiTest {
  @Test
  void personalDataIsScrubbedInBothDirections() {
    try (ChatApiHarness harness = new ChatApiHarness(Map.of("CHAT_SCRUB_PII", "true"))) {
      harness.model.thenText("I will write to jane.doe@example.org.");
      HttpResponse<String> response = harness.chat("pii-user", "My e-mail is jane.doe@example.org", null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      String sent = Request.text(harness.model.lastRequest().messages().get(1));
      assertThat(sent).startsWith("My e-mail is ").doesNotContain("jane.doe@example.org");
      assertThat(ChatApiHarness.json(response).path("reply").asText()).doesNotContain("jane.doe@example.org");
    }
  }
}
