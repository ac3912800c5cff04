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
    assertThat(c.deadLetterTopic()).isEmpty();
    assertThat(c.jwtMaxLifetime()).isEqualTo(java.time.Duration.ofHours(24));
    assertThat(c.reminderMissedAfter()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(c.jwtIssuer()).isEmpty();
    assertThat(c.jwtAudience()).isEmpty();
    assertThat(c.allowInsecureSidecarRoutes()).isFalse();
  }

  @Test
  void theDeadLetterTopicAndTheTimeSettingsComeFromTheEnvironment() {
    AppConfig c = AppConfig.from(Map.of("TOPIC_DEAD_LETTERS", "todo-dead-letters", "TODO_JWT_MAX_LIFETIME", "PT1H",
        "TODO_REMINDER_MISSED_AFTER", "PT30M", "TODO_JWT_ISSUER", "https://id.example.com", "TODO_JWT_AUDIENCE", "todo"));

    assertThat(c.deadLetterTopic()).contains("todo-dead-letters");
    assertThat(c.jwtMaxLifetime()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(c.reminderMissedAfter()).isEqualTo(java.time.Duration.ofMinutes(30));
    assertThat(c.jwtIssuer()).contains("https://id.example.com");
    assertThat(c.jwtAudience()).contains("todo");
  }

  @Test
  void badDurationsAndTopicNamesNameTheirVariable() {
    assertThatThrownBy(() -> AppConfig.from(Map.of("TODO_JWT_MAX_LIFETIME", "1 day")))
        .hasMessageContaining("TODO_JWT_MAX_LIFETIME").hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> AppConfig.from(Map.of("TODO_JWT_MAX_LIFETIME", "P365D")))
        .hasMessageContaining("TODO_JWT_MAX_LIFETIME");
    assertThatThrownBy(() -> AppConfig.from(Map.of("TOPIC_DEAD_LETTERS", "dead letters")))
        .hasMessageContaining("TOPIC_DEAD_LETTERS");
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
    assertThat(AppConfig.from(Map.of("DAPR_GRPC_PORT", "50001", "APP_API_TOKEN", "t")).runtime())
        .isEqualTo(RuntimeMode.DAPR);
    assertThat(AppConfig.from(Map.of("DAPR_HTTP_PORT", "3500", "APP_API_TOKEN", "t")).runtime())
        .isEqualTo(RuntimeMode.DAPR);
    assertThat(AppConfig.from(Map.of("DAPR_HTTP_PORT", "3500", "TODO_RUNTIME", "embedded")).runtime())
        .isEqualTo(RuntimeMode.EMBEDDED);
    assertThat(AppConfig.from(Map.of("TODO_RUNTIME", "DAPR", "APP_API_TOKEN", "t")).runtime())
        .isEqualTo(RuntimeMode.DAPR);
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
