package io.todoplatform.operator.support;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Installs CRDs on a real API server and waits until they are Established. Unlike fabric8's mock server, a real
 * server refuses custom resources of a CRD it has accepted but not yet established, so tests must wait.
 */
public final class EstablishedCrds {
  private static final String FIELD_MANAGER = "todo-platform-tests";
  private static final long ESTABLISH_TIMEOUT_SECONDS = 60;

  private EstablishedCrds() {}

  public static CustomResourceDefinition installTodoPlatformCrd(KubernetesClient client) {
    return install(client, ProjectPaths.repoRoot().resolve("crds/todoplatforms.platform.todo.io-v1.yml"));
  }

  public static void installDaprCrds(KubernetesClient client) {
    for (String file : ClusterFixtures.DAPR_CRD_FILES) {
      install(client, ProjectPaths.shared().resolve("dapr/crds").resolve(file));
    }
  }

  /** Server-side applies the CRD in the file (so installing twice is harmless) and waits until it is Established. */
  public static CustomResourceDefinition install(KubernetesClient client, Path file) {
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(file)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client.apiextensions().v1().customResourceDefinitions().resource(crd)
        .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    return awaitEstablished(client, crd.getMetadata().getName());
  }

  public static CustomResourceDefinition awaitEstablished(KubernetesClient client, String name) {
    return client.apiextensions().v1().customResourceDefinitions().withName(name)
        .waitUntilCondition(EstablishedCrds::isEstablished, ESTABLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  public static boolean isEstablished(CustomResourceDefinition crd) {
    return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
        .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
