package io.todoplatform.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;

/**
 * Builders of the operator's Kubernetes clients, all on the JDK's HTTP client.
 *
 * <p>Why name it: java-operator-sdk depends on fabric8's JDK HTTP client and fabric8's client on its Vert.x one.
 * With both on a classpath, fabric8 takes the first one found and warns, at every start, that it "chose randomly".
 * The JDK's is the one java-operator-sdk picks, the one the operator has always run with and been measured with; the
 * build leaves Vert.x out of the jar. They read through {@link CompactSerialization} (the informers' memory).
 */
public final class KubernetesClients {
  private KubernetesClients() {}

  public static KubernetesClientBuilder builder() {
    return new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory())
        .withKubernetesSerialization(CompactSerialization.create());
  }
}
