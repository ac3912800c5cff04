package io.todoplatform.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AppConfigTest {

  @Test
  void defaultsMatchTheContract() {
    AppConfig c = AppConfig.from(Map.of());

    assertThat(c.port()).isEqualTo(8000);
    assertThat(c.runtime()).isEqualTo(RuntimeMode.EMBEDDED);
    assertThat(c.appId()).isEqualTo("backend");
    assertThat(c.pubsubName()).isEqualTo("kafka-pubsub");
    assertThat(c.taskEventsTopic()).isEqualTo("task-events");
    assertThat(c.taskUpdatesTopic()).isEqualTo("task-updates");
    assertThat(c.remindersTopic()).isEqualTo("reminders");
    assertThat(c.stateStoreName()).isEqualTo("statestore");
    assertThat(c.secretStoreName()).isEqualTo("kubernetes-secrets");
    assertThat(c.sweepRoute()).isEqualTo("scheduler");
    assertThat(c.jwtSecret()).isEmpty();
    assertThat(c.appApiToken()).isEmpty();
    assertThat(c.daprHttpPort()).isEqualTo(3500);
  }

  @Test
  void valuesComeFromTheEnvironment() {
    AppConfig c = AppConfig.from(Map.of("PORT", "9000", "TODO_APP_ID", "todo-prod", "TODO_PUBSUB_NAME", "ps",
        "TODO_TOPIC_TASK_EVENTS", "te", "TODO_TOPIC_TASK_UPDATES", "tu", "TODO_TOPIC_REMINDERS", "tr",
        "TODO_STATESTORE_NAME", "ss", "TODO_SECRETSTORE_NAME", "sec", "TODO_SWEEP_BINDING", "sweep",
        "APP_API_TOKEN", "tok"));

    assertThat(c.port()).isEqualTo(9000);
    assertThat(c.appId()).isEqualTo("todo-prod");
    assertThat(c.pubsubName()).isEqualTo("ps");
    assertThat(c.taskEventsTopic()).isEqualTo("te");
    assertThat(c.taskUpdatesTopic()).isEqualTo("tu");
    assertThat(c.remindersTopic()).isEqualTo("tr");
    assertThat(c.stateStoreName()).isEqualTo("ss");
    assertThat(c.secretStoreName()).isEqualTo("sec");
    assertThat(c.sweepRoute()).isEqualTo("sweep");
    assertThat(c.appApiToken()).contains("tok");
  }

  @Test
  void runtimeIsDetectedFromTheSidecarEnvironmentUnlessExplicit() {
    assertThat(AppConfig.from(Map.of("DAPR_GRPC_PORT", "50001")).runtime()).isEqualTo(RuntimeMode.DAPR);
    assertThat(AppConfig.from(Map.of("DAPR_HTTP_PORT", "3500")).runtime()).isEqualTo(RuntimeMode.DAPR);
    assertThat(AppConfig.from(Map.of("DAPR_HTTP_PORT", "3500", "TODO_RUNTIME", "embedded")).runtime())
        .isEqualTo(RuntimeMode.EMBEDDED);
    assertThat(AppConfig.from(Map.of("TODO_RUNTIME", "DAPR")).runtime()).isEqualTo(RuntimeMode.DAPR);
  }

  @Test
  void invalidValuesAreRefusedWithTheVariableName() {
    assertThatThrownBy(() -> AppConfig.from(Map.of("TODO_RUNTIME", "kubernetes")))
        .hasMessageContaining("TODO_RUNTIME");
    assertThatThrownBy(() -> AppConfig.from(Map.of("PORT", "eighty"))).hasMessageContaining("PORT");
    assertThatThrownBy(() -> AppConfig.from(Map.of("PORT", "70000"))).hasMessageContaining("PORT");
    assertThatThrownBy(() -> AppConfig.from(Map.of("TODO_SWEEP_BINDING", "a/b")))
        .hasMessageContaining("TODO_SWEEP_BINDING");
  }
}
