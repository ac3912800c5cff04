package io.todoplatform.chat.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "failed conversing with component chat-model: API returned unexpected status code: 401: Incorrect API key provided: sk-proj-9f8e7d6c5b4a3210",
      "upstream said Authorization: Bearer abc123def456ghi789",
      "key=s3cr3tValue99 rejected",
      "token: Zm9vYmFyYmF6cXV4cXV1eA1 expired"})
  void providerMessagesLoseAnythingThatLooksLikeACredential(String message) {
    String redacted = SecretRedactor.redact(message);
    assertThat(redacted).doesNotContain("sk-proj-9f8e7d6c5b4a3210").doesNotContain("abc123def456ghi789")
        .doesNotContain("s3cr3tValue99").doesNotContain("Zm9vYmFyYmF6cXV4cXV1eA1").contains("***");
  }

  @Test
  void whatIsNeededToDiagnoseStays() {
    String redacted = SecretRedactor.redact("API returned unexpected status code: 429: Rate limit reached");
    assertThat(redacted).isEqualTo("API returned unexpected status code: 429: Rate limit reached");
  }

  @Test
  void longTextIsCut() {
    assertThat(SecretRedactor.redact("word ".repeat(200))).hasSizeLessThanOrEqualTo(301);
  }
}
