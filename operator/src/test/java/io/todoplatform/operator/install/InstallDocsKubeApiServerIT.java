package io.todoplatform.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.ProjectPaths;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs every ```bash block of the install part of README.md, in order, as a user would -- Helm install, upgrade to
 * namespaced mode and uninstall, both kustomize overlays, a TodoPlatform with its Secrets, the ArgoCD bootstrap --
 * against a real kube-apiserver with the kubectl, helm and kustomize hack/build-tools.sh builds. There is no kubelet,
 * so no pod runs; what is checked is that every command succeeds and leaves what the docs say it does, including
 * the operator's permissions as the real RBAC authorizer answers them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstallDocsKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  static final String OPERATOR_SA = "system:serviceaccount:todo-platform-system:todo-platform-operator";
  static final ResourceDefinitionContext TODOPLATFORMS = new ResourceDefinitionContext.Builder()
      .withGroup("platform.todo.io").withVersion("v1alpha1").withKind("TodoPlatform").withPlural("todoplatforms")
      .withNamespaced(true).build();
  static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder()
      .withGroup("argoproj.io").withVersion("v1alpha1").withKind("Application").withPlural("applications")
      .withNamespaced(true).build();

  static KubernetesClient client;

  /** What an ArgoCD install would have put there: its namespace, its argocd-cm and the Application type. */
  @BeforeAll
  static void argoCdStandIn() {
    client = KUBE.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("argocd").endMetadata().build())
        .create();
    client.configMaps().inNamespace("argocd").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("argocd-cm").endMetadata().addToData("url", "https://argocd.example.com").build()).create();
    EstablishedCrds.install(client,
        ProjectPaths.repoRoot().resolve("operator/src/test/resources/argocd/application-crd-standin.yaml"));
  }

  static boolean installed;

  @Test
  @Order(1)
  void everyDocumentedCommandWorksInOrder() throws Exception {
    String path = String.join(":", dir(Command.tool("kubectl")), dir(Command.tool("helm")),
        dir(Command.tool("kustomize")), System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    Map<String, String> environment = Map.of("PATH", path, "KUBECONFIG", KUBE.server().kubeconfigFile().toString());
    List<String> blocks = InstallDocs.installBashBlocks();
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(8);
    for (String block : blocks) {
      Command.Result result = Command.run(List.of("bash", "-euo", "pipefail", "-c", block), environment);
      assertThat(result.exitCode())
          .as("this block of the install part of the docs failed:\n%s\nstdout:\n%s\nstderr:\n%s", block, result.stdout(),
              result.stderr())
          .isZero();
    }

    // Helm was uninstalled; the kustomize overlays are what is installed now.
    assertThat(client.secrets().inNamespace("todo-platform-system").list().getItems())
        .noneMatch(s -> s.getMetadata().getName().startsWith("sh.helm.release."));
    Deployment operator = client.apps().deployments().inNamespace("todo-platform-system")
        .withName("todo-platform-operator").get();
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .anyMatch(e -> e.getName().equals("WATCH_NAMESPACES") && "todo".equals(e.getValue()));
    assertThat(client.apiextensions().v1().customResourceDefinitions().withName("todoplatforms.platform.todo.io")
        .get()).isNotNull();

    // The sample passed the CRD's schema and CEL rules and was stored with its defaults filled in.
    GenericKubernetesResource platform = client.genericKubernetesResources(TODOPLATFORMS).inNamespace("todo-prod")
        .withName("todo").get();
    assertThat(platform).isNotNull();
    var stored = new ObjectMapper().valueToTree(platform.getAdditionalProperties());
    assertThat(stored.at("/spec/resiliency/circuitBreaker/maxRequests").asInt()).as("a CRD default").isEqualTo(1);
    assertThat(stored.at("/spec/resiliency/retry/duration").asText()).as("a CRD default").isEqualTo("1s");

    // The ArgoCD bootstrap: the health checks are in argocd-cm and the app of apps exists.
    Map<?, ?> patch = new ObjectMapper(new YAMLFactory())
        .readValue(ProjectPaths.repoRoot().resolve("deploy/argocd/argocd-cm-patch.yaml").toFile(), Map.class);
    Map<String, String> data = client.configMaps().inNamespace("argocd").withName("argocd-cm").get().getData();
    assertThat(data).containsEntry("url", "https://argocd.example.com").containsAllEntriesOf(
        castMap(patch.get("data")));
    assertThat(client.genericKubernetesResources(APPLICATIONS).inNamespace("argocd").withName("todo-platform").get())
        .isNotNull();
    installed = true;
  }

  /** The real RBAC authorizer, asked about the operator's ServiceAccount after both overlays were applied. */
  @Test
  @Order(2)
  void operatorServiceAccountHasExactlyTheDocumentedAccess() {
    assertThat(installed).as("needs the documented install of the test before").isTrue();
    assertThat(allowed("create", "", "roles", "rbac.authorization.k8s.io", "todo")).isTrue();
    assertThat(allowed("get", "", "secrets", "", "todo")).isTrue();
    assertThat(allowed("update", "status", "todoplatforms", "platform.todo.io", "todo")).isTrue();
    assertThat(allowed("create", "", "components", "dapr.io", "todo")).isTrue();
    assertThat(allowed("update", "", "leases", "coordination.k8s.io", "todo-platform-system")).isTrue();
    assertThat(allowed("get", "", "customresourcedefinitions", "apiextensions.k8s.io", null)).isTrue();
    // Never more than that.
    assertThat(allowed("create", "", "secrets", "", "todo")).as("create secrets (the generated app token)").isTrue();
    assertThat(allowed("create", "", "poddisruptionbudgets", "policy", "todo")).isTrue();
    assertThat(allowed("update", "", "secrets", "", "todo")).as("update secrets").isFalse();
    assertThat(allowed("patch", "", "secrets", "", "todo")).as("patch secrets").isFalse();
    assertThat(allowed("delete", "", "secrets", "", "todo")).as("delete secrets").isFalse();
    assertThat(allowed("delete", "", "todoplatforms", "platform.todo.io", "todo")).as("delete todoplatforms").isFalse();
    assertThat(allowed("create", "", "pods", "", "todo")).as("create pods").isFalse();
    assertThat(allowed("update", "", "leases", "coordination.k8s.io", "todo")).as("leases elsewhere").isFalse();
    assertThat(allowed("create", "", "customresourcedefinitions", "apiextensions.k8s.io", null)).isFalse();
    assertThat(allowed("create", "", "clusterroles", "rbac.authorization.k8s.io", null)).isFalse();
  }

  private static boolean allowed(String verb, String subresource, String resource, String group, String namespace) {
    SubjectAccessReview review = client.authorization().v1().subjectAccessReview().create(
        new SubjectAccessReviewBuilder().withNewSpec().withUser(OPERATOR_SA)
            .withGroups("system:serviceaccounts", "system:serviceaccounts:todo-platform-system", "system:authenticated")
            .withResourceAttributes(new ResourceAttributesBuilder().withVerb(verb).withGroup(group)
                .withResource(resource).withSubresource(subresource.isEmpty() ? null : subresource)
                .withNamespace(namespace).build())
            .endSpec().build());
    return Boolean.TRUE.equals(review.getStatus().getAllowed());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> castMap(Object map) {
    return (Map<String, String>) map;
  }

  private static String dir(String binary) {
    return Path.of(binary).getParent().toString();
  }
}
