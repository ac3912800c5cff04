package io.todoplatform.operator.install;

import static io.todoplatform.operator.install.OperatorManifests.GLOBAL_PERMISSIONS;
import static io.todoplatform.operator.install.OperatorManifests.LEASE_PERMISSIONS;
import static io.todoplatform.operator.install.OperatorManifests.WATCH_PERMISSIONS;
import static io.todoplatform.operator.install.OperatorManifests.assertBindsServiceAccount;
import static io.todoplatform.operator.install.OperatorManifests.permissionsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.runtime.OperatorSettings;
import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** deploy/operator built with the real kustomize (hack/build-tools.sh), as `kustomize build ... | kubectl apply`. */
class KustomizeBuildTest {
  static final String NAMESPACE = "todo-platform-system";
  static final String SERVICE_ACCOUNT = "todo-platform-operator";
  static final String CRD_FILE = "todoplatforms.platform.todo.io-v1.yml";

  static OperatorManifests build(String dir) {
    return OperatorManifests.parse(Command.run(Command.tool("kustomize"), "build", dir).requireSuccess().stdout());
  }

  @Test
  void baseCrdIsACopyOfTheGeneratedOne() throws Exception {
    Path root = ProjectPaths.repoRoot();
    assertThat(Files.readString(root.resolve("deploy/operator/base/000-crd-todoplatforms.platform.todo.io.yaml")))
        .as("deploy/operator/base/000-crd-todoplatforms.platform.todo.io.yaml must equal crds/%s:"
            + " run hack/update-crds.sh", CRD_FILE)
        .isEqualTo(Files.readString(root.resolve("crds").resolve(CRD_FILE)));
  }

  /** Strimzi style: each resource in its own numbered file, listed in the order the numbers give. */
  @ParameterizedTest
  @ValueSource(strings = {"deploy/operator/base", "deploy/operator/overlays/cluster-wide",
      "deploy/operator/overlays/namespaced"})
  void resourcesAreNumberedFilesListedInApplyOrder(String dir) throws Exception {
    Path kustomization = ProjectPaths.repoRoot().resolve(dir).resolve("kustomization.yaml");
    List<String> resources = new ArrayList<>();
    new ObjectMapper(new YAMLFactory()).readTree(kustomization.toFile()).path("resources")
        .forEach(r -> resources.add(r.asText()));
    resources.removeIf(r -> r.startsWith("../")); // the base an overlay builds on
    assertThat(resources).isNotEmpty().allMatch(r -> r.matches("\\d{3}-[a-z0-9.-]+\\.yaml"), "numbered file names");
    assertThat(resources).isSorted();
    try (Stream<Path> files = Files.list(kustomization.getParent())) {
      List<String> numbered = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{3}-.*"))
          .sorted().toList();
      assertThat(resources).as("every numbered file is a resource").containsExactlyElementsOf(numbered);
    }
  }

  @Test
  void clusterWideModeGrantsTheOperatorsPermissionsInEveryNamespace() {
    OperatorManifests manifests = build("deploy/operator/overlays/cluster-wide");
    assertCommon(manifests);
    JsonNode clusterRole = manifests.get("ClusterRole", "todo-platform-operator");
    assertThat(permissionsOf(clusterRole)).containsExactlyElementsOf(WATCH_PERMISSIONS);
    assertBindsServiceAccount(manifests.get("ClusterRoleBinding", "todo-platform-operator"), "ClusterRole",
        "todo-platform-operator", SERVICE_ACCOUNT, NAMESPACE);
    assertThat(manifests.ofKind("Role")).extracting(r -> r.at("/metadata/name").asText())
        .containsExactly("todo-platform-operator-leader-election");
    assertThat(manifests.env("WATCH_NAMESPACES")).isEmpty();
  }

  @Test
  void namespacedModeUsesARoleInEachWatchedNamespaceAndNoClusterWidePermissions() {
    OperatorManifests manifests = build("deploy/operator/overlays/namespaced");
    assertCommon(manifests);
    assertThat(manifests.ofKind("ClusterRole")).extracting(r -> r.at("/metadata/name").asText())
        .as("only the small global ClusterRole").containsExactly("todo-platform-operator-global");
    assertThat(manifests.ofKind("ClusterRoleBinding")).extracting(r -> r.at("/metadata/name").asText())
        .containsExactly("todo-platform-operator-global");
    List<String> watched = Arrays.asList(manifests.env("WATCH_NAMESPACES").orElseThrow().split(","));
    List<JsonNode> roles = manifests.ofKind("Role").stream()
        .filter(r -> r.at("/metadata/name").asText().equals("todo-platform-operator")).toList();
    assertThat(roles).extracting(r -> r.at("/metadata/namespace").asText())
        .as("a Role in exactly the namespaces of WATCH_NAMESPACES").containsExactlyInAnyOrderElementsOf(watched);
    for (JsonNode role : roles) {
      assertThat(permissionsOf(role)).containsExactlyElementsOf(WATCH_PERMISSIONS);
    }
    List<JsonNode> bindings = manifests.ofKind("RoleBinding").stream()
        .filter(r -> r.at("/metadata/name").asText().equals("todo-platform-operator")).toList();
    assertThat(bindings).extracting(r -> r.at("/metadata/namespace").asText())
        .containsExactlyInAnyOrderElementsOf(watched);
    bindings.forEach(b -> assertBindsServiceAccount(b, "Role", "todo-platform-operator", SERVICE_ACCOUNT, NAMESPACE));
  }

  /** Both modes: CRD, namespace, global and lease RBAC, the Deployment and the metrics Service. */
  private static void assertCommon(OperatorManifests manifests) {
    assertThat(manifests.get("CustomResourceDefinition", "todoplatforms.platform.todo.io")).isNotNull();
    assertThat(manifests.get("Namespace", NAMESPACE).at("/metadata/labels/pod-security.kubernetes.io~1enforce")
        .asText()).isEqualTo("restricted");
    assertThat(permissionsOf(manifests.get("ClusterRole", "todo-platform-operator-global")))
        .containsExactlyElementsOf(GLOBAL_PERMISSIONS);
    assertBindsServiceAccount(manifests.get("ClusterRoleBinding", "todo-platform-operator-global"), "ClusterRole",
        "todo-platform-operator-global", SERVICE_ACCOUNT, NAMESPACE);
    JsonNode lease = manifests.get("Role", "todo-platform-operator-leader-election");
    assertThat(lease.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(permissionsOf(lease)).containsExactlyElementsOf(LEASE_PERMISSIONS);
    assertBindsServiceAccount(manifests.get("RoleBinding", "todo-platform-operator-leader-election"), "Role",
        "todo-platform-operator-leader-election", SERVICE_ACCOUNT, NAMESPACE);

    // Only the Lease's holder writes (checked by the API server): the Lease and the user it fences are this install's.
    JsonNode fence = manifests.get("ValidatingAdmissionPolicyBinding", "todo-platform-operator-leader-writes");
    assertThat(fence.at("/spec/paramRef/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(fence.at("/spec/paramRef/name").asText()).isEqualTo(OperatorSettings.LEASE_NAME);
    assertThat(manifests.get("ValidatingAdmissionPolicy", fence.at("/spec/policyName").asText())
        .at("/spec/matchConditions/0/expression").asText())
        .isEqualTo("request.userInfo.username == 'system:serviceaccount:" + NAMESPACE + ":" + SERVICE_ACCOUNT + "'");

    manifests.assertOperatorDeployment(8080);
    assertThat(manifests.deployment().at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(manifests.env("LEADER_ELECTION")).contains("true");
    manifests.assertMetricsService(manifests.get("Service", "todo-platform-operator-metrics"));

    // Every namespaced object of the operator itself lives in its namespace; only RBAC reaches into others.
    for (JsonNode object : manifests.objects()) {
      String kind = object.path("kind").asText();
      if (List.of("ServiceAccount", "Deployment", "Service").contains(kind)) {
        assertThat(object.at("/metadata/namespace").asText()).as(kind).isEqualTo(NAMESPACE);
      }
    }
    assertThat(new TreeSet<>(manifests.objects().stream().map(o -> o.path("kind").asText()).toList()))
        .containsExactlyInAnyOrder("CustomResourceDefinition", "Namespace", "ServiceAccount", "ClusterRole",
            "ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding");
  }
}
