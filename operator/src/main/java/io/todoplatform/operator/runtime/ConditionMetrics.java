package io.todoplatform.operator.runtime;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.status.ConditionType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The TodoPlatforms' conditions as Prometheus gauges, computed from the informer's cache at each scrape:
 *
 * <ul>
 *   <li>{@code todoplatform_conditions{type,status,reason}}: how many TodoPlatforms have each condition in each
 *       state. Bounded by the condition types and reasons, not by the number of TodoPlatforms.
 *   <li>{@code todoplatform_not_ready_seconds{namespace,name}}: for each TodoPlatform whose Ready is not True, the
 *       seconds since Ready last changed (since creation when it has no Ready yet). A fleet where everything is Ready
 *       exposes no series: the count grows with the problems, not with the TodoPlatforms. Being computed from
 *       lastTransitionTime, it survives a restart of the operator or of Prometheus, which an alert's {@code for:}
 *       would not.
 * </ul>
 */
final class ConditionMetrics implements MultiCollector {
  static final String CONDITIONS = "todoplatform_conditions";
  static final String NOT_READY_SECONDS = "todoplatform_not_ready_seconds";

  private final Supplier<Stream<TodoPlatform>> platforms;
  private final Clock clock;

  ConditionMetrics(Supplier<Stream<TodoPlatform>> platforms, Clock clock) {
    this.platforms = platforms;
    this.clock = clock;
  }

  @Override
  public MetricSnapshots collect() {
    List<TodoPlatform> all = platforms.get().toList();
    return new MetricSnapshots(conditions(all), notReady(all));
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(CONDITIONS, NOT_READY_SECONDS);
  }

  private static GaugeSnapshot conditions(List<TodoPlatform> all) {
    Map<Labels, Long> counts = all.stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null)
        .flatMap(p -> p.getStatus().getConditions().stream())
        .collect(Collectors.groupingBy(c -> Labels.of("type", text(c.getType()), "status", text(c.getStatus()),
            "reason", text(c.getReason())), TreeMap::new, Collectors.counting()));
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(CONDITIONS)
        .help("TodoPlatforms by condition type, status and reason");
    counts.forEach((labels, count) -> gauge.dataPoint(
        GaugeDataPointSnapshot.builder().labels(labels).value(count).build()));
    return gauge.build();
  }

  private GaugeSnapshot notReady(List<TodoPlatform> all) {
    Instant now = clock.instant();
    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(NOT_READY_SECONDS)
        .help("Seconds since a TodoPlatform whose Ready condition is not True last changed Ready");
    for (TodoPlatform platform : all) {
      Condition ready = platform.getStatus() == null ? null : platform.getStatus().condition(ConditionType.READY);
      if (ready != null && Condition.TRUE.equals(ready.getStatus())) {
        continue;
      }
      Instant since = parse(ready == null ? null : ready.getLastTransitionTime())
          .or(() -> parse(platform.getMetadata().getCreationTimestamp()))
          .orElse(now);
      double seconds = Math.max(0, Duration.between(since, now).toMillis() / 1000.0);
      gauge.dataPoint(GaugeDataPointSnapshot.builder()
          .labels(Labels.of("namespace", text(platform.getMetadata().getNamespace()),
              "name", text(platform.getMetadata().getName())))
          .value(seconds).build());
    }
    return gauge.build();
  }

  private static java.util.Optional<Instant> parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Instant.parse(timestamp));
    } catch (DateTimeParseException e) {
      return java.util.Optional.empty();
    }
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
