package io.todoplatform.chat.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatConfigTest {
  private static final Map<String, String> SIDECAR = Map.of("DAPR_HTTP_PORT", "3500", "DAPR_GRPC_PORT", "50001");

  @Test
  void withoutItsSidecarChatApiRefusesToStartAndSaysWhy() {
    assertThatThrownBy(() -> ChatConfig.from(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs only beside its Dapr sidecar")
        .hasMessageContaining("DAPR_HTTP_PORT");
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    ChatConfig config = ChatConfig.from(SIDECAR);
    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.conversationComponent()).isEqualTo("chat-model");
    assertThat(config.stateStoreName()).isEqualTo("statestore");
    assertThat(config.secretStoreName()).isEqualTo("kubernetes-secrets");
    assertThat(config.backendAppId()).isEqualTo("backend");
    assertThat(config.scrubPii()).isFalse();
    assertThat(config.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.maxToolRounds()).isEqualTo(5);
    assertThat(config.modelTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.daprApiToken()).isEmpty();
  }

  @Test
  void everyInvalidVariableIsNamedAtOnce() {
    Map<String, String> env = new HashMap<>(SIDECAR);
    env.put("CHAT_SCRUB_PII", "yes");
    env.put("CHAT_RETENTION_SECONDS", "10");
    env.put("CHAT_BACKEND_APP_ID", "Back End");
    env.put("PORT", "http");
    assertThatThrownBy(() -> ChatConfig.from(env))
        .hasMessageContaining("CHAT_SCRUB_PII: must be true or false")
        .hasMessageContaining("CHAT_RETENTION_SECONDS: must be an integer from 60")
        .hasMessageContaining("CHAT_BACKEND_APP_ID: must be a Dapr name")
        .hasMessageContaining("PORT: must be an integer");
  }
}
