package io.todoplatform.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.runtime.StartupException;
import io.todoplatform.operator.support.RunningOperator;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** `run` fails fast with one line when the TodoPlatform CRD is missing (fabric8's mock API server stands in). */
@EnableKubernetesMockClient(crud = true)
class RunCommandTest {
  static KubernetesClient client;

  @Test
  void failsFastWithTheInstallCommandWhenTheCrdIsMissing() {
    Assertions.assertThatThrownBy(() -> RunningOperator.start(client, RunningOperator.settings(false)))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("the TodoPlatform CRD (todoplatforms.platform.todo.io) is not installed")
        .hasMessageContaining("kubectl apply --server-side -f crds/todoplatforms.platform.todo.io-v1.yml");
  }

  @Test
  void failsFastWhenNoClusterAnswers() {
    try (KubernetesClient nowhere = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
        .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl("https://127.0.0.1:1")
            .withRequestTimeout(2000).withConnectionTimeout(2000).withRequestRetryBackoffLimit(0).build())
        .build()) {
      Assertions.assertThatThrownBy(() -> OperatorRuntime.start(nowhere, RunningOperator.settings(true)))
          .isInstanceOf(StartupException.class)
          .hasMessageStartingWith("cannot reach the Kubernetes API server at https://127.0.0.1:1");
    }
  }

  @Test
  void runHelpDocumentsTheEnvironment() {
    RenderCommandRunner.Result result = RenderCommandRunner.run(null, "run", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("WATCH_NAMESPACES", "LEADER_ELECTION", "/metrics");
  }
}
