package io.todoplatform.operator.runtime;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;

/** Fails fast, with one clear line, when there is no cluster to talk to or the TodoPlatform CRD is missing. */
final class Preflight {
  static final String INSTALL_CRD =
      "kubectl apply --server-side -f crds/todoplatforms.platform.todo.io-v1.yml (or install deploy/operator)";

  private Preflight() {}

  static void check(KubernetesClient client, OperatorSettings settings) {
    String server = client.getConfiguration().getMasterUrl();
    try {
      client.getKubernetesVersion();
    } catch (KubernetesClientException e) {
      throw new StartupException("cannot reach the Kubernetes API server at " + server + " ("
          + firstLine(e) + "); run in a cluster or set KUBECONFIG / ~/.kube/config");
    }
    try {
      if (client.resources(CustomResourceDefinition.class).withName(TodoPlatform.CRD_NAME).get() == null) {
        throw new StartupException("the TodoPlatform CRD (" + TodoPlatform.CRD_NAME + ") is not installed on "
            + server + "; install it with: " + INSTALL_CRD);
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw new StartupException("cannot read CRDs on " + server + ": " + firstLine(e));
      }
      // A namespaced install may not read CRDs: ask for TodoPlatforms instead, a 404 means the CRD is missing.
      probeTodoPlatforms(client, settings, server);
    }
  }

  private static void probeTodoPlatforms(KubernetesClient client, OperatorSettings settings, String server) {
    String namespace = settings.watchesAllNamespaces() ? client.getNamespace()
        : settings.watchNamespaces().iterator().next();
    try {
      client.resources(TodoPlatform.class).inNamespace(namespace).list();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new StartupException("the TodoPlatform CRD (" + TodoPlatform.CRD_NAME + ") is not installed on "
            + server + "; install it with: " + INSTALL_CRD);
      }
      throw new StartupException("cannot list TodoPlatforms in namespace " + namespace + ": " + firstLine(e));
    }
  }

  private static String firstLine(Exception e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
