package io.todoplatform.operator.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.status.ConditionType;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** todoplatform_resources{ready="True|False|Unknown"}: how many TodoPlatforms are in each Ready state. */
final class ReadyStateGauge {
  static final String NAME = "todoplatform.resources";

  private ReadyStateGauge() {}

  static void register(MeterRegistry registry, Supplier<Stream<TodoPlatform>> platforms) {
    for (String state : List.of(Condition.TRUE, Condition.FALSE, Condition.UNKNOWN)) {
      Gauge.builder(NAME, () -> platforms.get().filter(p -> state.equals(readyState(p))).count())
          .description("TodoPlatforms by the status of their Ready condition")
          .tag("ready", state)
          .register(registry);
    }
  }

  static String readyState(TodoPlatform platform) {
    Condition ready = platform.getStatus() == null ? null : platform.getStatus().condition(ConditionType.READY);
    return ready == null ? Condition.UNKNOWN : ready.getStatus();
  }
}
