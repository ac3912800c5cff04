package io.todoplatform.operator.support;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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

  /**
   * A client for the operator on fabric8's mock API server. That server does not answer a JSON patch it cannot
   * apply (its dispatcher throws where a real API server answers 422), so a status patch computed from a copy a
   * moment stale hangs until fabric8's retries give up, about two minutes: longer than any scenario waits. Here such
   * a request fails after 5 s and the reconciliation is retried from a fresh copy, as after the real 422.
   */
  public static KubernetesClient clientForMockServer(KubernetesClient mockServerClient) {
    Config config = new ConfigBuilder(mockServerClient.getConfiguration())
        .withRequestTimeout(5_000)
        .withRequestRetryBackoffLimit(0)
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  public static OperatorRuntime start(KubernetesClient client, OperatorSettings settings) {
    return OperatorRuntime.start(client, settings);
  }

  public static final Duration TIMEOUT = Duration.ofSeconds(60);
}
