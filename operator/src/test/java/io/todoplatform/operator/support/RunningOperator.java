package io.todoplatform.operator.support;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.runtime.OperatorSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Starts the real operator (the same wiring as `todo-operator run`) in-process against a test cluster. */
public final class RunningOperator {
  private RunningOperator() {}

  public static OperatorSettings settings(boolean serverSideApply) {
    return OperatorSettings.fromEnvironment(Map.of())
        .withServerSideApply(serverSideApply)
        .withOperationsPort(0)
        .withWatchNamespaces(Set.of());
  }

  public static OperatorRuntime start(KubernetesClient client, OperatorSettings settings) {
    return OperatorRuntime.start(client, settings);
  }

  public static final Duration TIMEOUT = Duration.ofSeconds(60);
}
