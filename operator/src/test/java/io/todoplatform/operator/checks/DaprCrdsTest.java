package io.todoplatform.operator.checks;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/** The per-client cache of the Dapr-CRD check must not keep a client (an operator instance, a test) alive. */
class DaprCrdsTest {
  @Test
  void aClientNobodyUsesAnyMoreIsCollectedWithItsCache() throws Exception {
    WeakReference<KubernetesClient> client = usedOnceAndDropped();
    for (int attempt = 0; attempt < 100 && client.get() != null; attempt++) {
      System.gc();
      Thread.sleep(50);
    }
    assertThat(client.get()).as("the client is still reachable: the cache holds it").isNull();
  }

  @Test
  void theSameClientGetsTheSameCache() {
    try (KubernetesClient client = unreachableClient()) {
      assertThat(DaprCrds.of(client).crds()).isSameAs(DaprCrds.of(client).crds());
    }
  }

  private static WeakReference<KubernetesClient> usedOnceAndDropped() {
    KubernetesClient client = unreachableClient();
    DaprCrds.of(client);
    client.close();
    return new WeakReference<>(client);
  }

  /** Never asked anything here: DaprCrds.of only registers the client. */
  private static KubernetesClient unreachableClient() {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build()).build();
  }
}
