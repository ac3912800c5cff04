package io.todoplatform.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformStatus;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The condition gauges as Prometheus scrapes them from the operator's registry. */
class ConditionMetricsTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  private final List<TodoPlatform> platforms = new ArrayList<>();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  ConditionMetricsTest() {
    registry.getPrometheusRegistry().register(
        new ConditionMetrics(() -> platforms.stream(), Clock.fixed(NOW, ZoneOffset.UTC)));
  }

  @Test
  void countsPlatformsByConditionTypeStatusAndReason() {
    platforms.add(platform("a", "team-a", "2026-11-30T11:00:00Z",
        condition(ConditionType.READY, Condition.TRUE, Reason.READY, "2026-11-30T11:01:00Z"),
        condition(ConditionType.COMPONENTS_READY, Condition.TRUE, Reason.APPLIED, "2026-11-30T11:01:00Z")));
    platforms.add(platform("b", "team-b", "2026-11-30T11:00:00Z",
        condition(ConditionType.READY, Condition.TRUE, Reason.READY, "2026-11-30T11:02:00Z"),
        condition(ConditionType.COMPONENTS_READY, Condition.TRUE, Reason.APPLIED, "2026-11-30T11:02:00Z")));
    platforms.add(platform("c", "team-c", "2026-11-30T11:00:00Z",
        condition(ConditionType.READY, Condition.FALSE, Reason.SECRET_NOT_FOUND, "2026-11-30T11:50:00Z")));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("todoplatform_conditions{reason=\"Ready\",status=\"True\",type=\"Ready\"} 2")
        .contains("todoplatform_conditions{reason=\"Applied\",status=\"True\",type=\"ComponentsReady\"} 2")
        .contains("todoplatform_conditions{reason=\"SecretNotFound\",status=\"False\",type=\"Ready\"} 1");
  }

  @Test
  void notReadySecondsCountFromReadysLastTransitionAndOnlyForPlatformsThatAreNotReady() {
    platforms.add(platform("healthy", "team-a", "2026-11-30T10:00:00Z",
        condition(ConditionType.READY, Condition.TRUE, Reason.READY, "2026-11-30T10:01:00Z")));
    platforms.add(platform("broken", "team-b", "2026-11-30T10:00:00Z",
        condition(ConditionType.READY, Condition.FALSE, Reason.APPLY_FAILED, "2026-11-30T11:45:00Z")));
    platforms.add(platform("new", "team-c", "2026-11-30T11:59:30Z"));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains("todoplatform_not_ready_seconds{name=\"broken\",namespace=\"team-b\"} 900.0")
        .as("no Ready condition yet: counted from the creation").contains(
            "todoplatform_not_ready_seconds{name=\"new\",namespace=\"team-c\"} 30.0")
        .as("a Ready platform has no series").doesNotContain("name=\"healthy\"");
  }

  @Test
  void aPlatformThatBecomesReadyLeavesTheNotReadyGauge() {
    TodoPlatform platform = platform("todo", "team-a", "2026-11-30T10:00:00Z",
        condition(ConditionType.READY, Condition.FALSE, Reason.PROGRESSING, "2026-11-30T11:59:00Z"));
    platforms.add(platform);
    assertThat(registry.scrape()).contains("todoplatform_not_ready_seconds{name=\"todo\",namespace=\"team-a\"} 60.0");

    platform.getStatus().getConditions().set(0,
        condition(ConditionType.READY, Condition.TRUE, Reason.READY, "2026-11-30T12:00:00Z"));

    assertThat(registry.scrape()).doesNotContain("todoplatform_not_ready_seconds{")
        .contains("todoplatform_conditions{reason=\"Ready\",status=\"True\",type=\"Ready\"} 1")
        .doesNotContain("reason=\"Progressing\"");
  }

  private static TodoPlatform platform(String name, String namespace, String created, Condition... conditions) {
    TodoPlatform platform = new TodoPlatform();
    platform.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
        .withCreationTimestamp(created).build());
    TodoPlatformStatus status = new TodoPlatformStatus();
    status.setConditions(new ArrayList<>(List.of(conditions)));
    platform.setStatus(status);
    return platform;
  }

  private static Condition condition(String type, String status, String reason, String since) {
    Condition condition = new Condition(type, status, reason, "");
    condition.setLastTransitionTime(since);
    return condition;
  }
}
