package io.todoplatform.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.testkit.kube.KubeApiServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator installed as deploy/ installs it (the cluster-wide overlay: its namespace, ServiceAccount, RBAC and
 * Deployment) and credentials for replicas of that Deployment. No kubelet runs, so each replica's Pod is created
 * from the Deployment's pod template (it stays Pending) only to bind a ServiceAccount token to it, as the kubelet
 * would: every replica then acts as the operator's ServiceAccount under the shipped RBAC, and the API server's audit
 * log tells the replicas apart by the Pod name the token carries.
 */
public final class OperatorReplicas {
  public static final String NAMESPACE = "todo-platform-system";
  public static final String SERVICE_ACCOUNT = "todo-platform-operator";
  public static final String USER = "system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT;
  private static final String FIELD_MANAGER = "todo-platform-tests";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** What a replica needs to reach the API server as itself. */
  public record Replica(String podName, Path kubeconfig, Config config) {}

  private OperatorReplicas() {}

  /** Applies deploy/operator/overlays/cluster-wide (the CRD included) and waits for the CRD. */
  public static void installClusterWide(KubernetesClient admin) {
    for (Path file : kustomizationFiles(ProjectPaths.repoRoot().resolve("deploy/operator/overlays/cluster-wide"))) {
      try (InputStream in = Files.newInputStream(file)) {
        for (HasMetadata object : admin.load(in).items()) {
          admin.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    EstablishedCrds.awaitEstablished(admin, io.todoplatform.operator.api.v1alpha1.TodoPlatform.CRD_NAME);
  }

  /**
   * The resources a kustomization lists, bases first, in order. The overlays only list files (no patches), so this is
   * what `kustomize build` prints; KustomizeBuildTest runs the real kustomize on them.
   */
  static List<Path> kustomizationFiles(Path dir) {
    List<Path> files = new ArrayList<>();
    try {
      JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
      for (JsonNode resource : kustomization.path("resources")) {
        Path path = dir.resolve(resource.asText()).normalize();
        if (Files.isDirectory(path)) {
          files.addAll(kustomizationFiles(path));
        } else {
          files.add(path);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** A Pod of the operator's Deployment named {@code podName} and a kubeconfig with a token bound to it. */
  public static Replica replica(KubernetesClient admin, KubeApiServer server, String podName, Path dir) {
    Deployment deployment = admin.apps().deployments().inNamespace(NAMESPACE).withName("todo-platform-operator")
        .get();
    Pod pod = admin.pods().inNamespace(NAMESPACE).resource(new PodBuilder()
            .withNewMetadata().withName(podName).withNamespace(NAMESPACE)
            .withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels()).endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .build())
        .create();
    TokenRequest request = new TokenRequestBuilder().withNewSpec()
        .withExpirationSeconds(6L * 3600)
        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(podName)
        .withUid(pod.getMetadata().getUid()).endBoundObjectRef()
        .endSpec().build();
    return withToken(admin, server, podName, request, dir);
  }

  /**
   * Credentials of the operator's ServiceAccount, which must exist, bound to no Pod: for an operator whose RBAC is not
   * what is being tested (the caller grants what it needs).
   */
  public static Replica serviceAccount(KubernetesClient admin, KubeApiServer server, String name, Path dir) {
    TokenRequest request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(6L * 3600).endSpec().build();
    return withToken(admin, server, name, request, dir);
  }

  private static Replica withToken(KubernetesClient admin, KubeApiServer server, String podName,
      TokenRequest request, Path dir) {
    String token = admin.serviceAccounts().inNamespace(NAMESPACE).withName(SERVICE_ACCOUNT).tokenRequest(request)
        .getStatus().getToken();
    Config adminConfig = server.config();
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(adminConfig.getMasterUrl())
        .withCaCertFile(adminConfig.getCaCertFile())
        .withOauthToken(token)
        .withNamespace(NAMESPACE)
        .build();
    Path kubeconfig = dir.resolve("kubeconfig-" + podName);
    try {
      Files.createDirectories(dir);
      Files.writeString(kubeconfig, String.join("\n",
          "apiVersion: v1",
          "kind: Config",
          "clusters:",
          "- name: test",
          "  cluster:",
          "    server: " + adminConfig.getMasterUrl(),
          "    certificate-authority: " + adminConfig.getCaCertFile(),
          "users:",
          "- name: " + podName,
          "  user:",
          "    token: " + token,
          "contexts:",
          "- name: test",
          "  context:",
          "    cluster: test",
          "    user: " + podName,
          "    namespace: " + NAMESPACE,
          "current-context: test",
          ""), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Replica(podName, kubeconfig, config);
  }
}
