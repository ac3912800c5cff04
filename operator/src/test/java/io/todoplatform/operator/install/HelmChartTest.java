package io.todoplatform.operator.install;

import static io.todoplatform.operator.install.OperatorManifests.GLOBAL_PERMISSIONS;
import static io.todoplatform.operator.install.OperatorManifests.LEASE_PERMISSIONS;
import static io.todoplatform.operator.install.OperatorManifests.WATCH_PERMISSIONS;
import static io.todoplatform.operator.install.OperatorManifests.assertBindsServiceAccount;
import static io.todoplatform.operator.install.OperatorManifests.permissionsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart in deploy/helm/todo-platform-operator, linted and rendered by the real helm (hack/build-tools.sh). */
class HelmChartTest {
  static final String CHART = "deploy/helm/todo-platform-operator";
  static final String RELEASE = "todo-platform-operator";
  static final String NAMESPACE = "todo-platform-system";

  static Command.Result helm(String... args) {
    List<String> command = new ArrayList<>(List.of(Command.tool("helm")));
    command.addAll(List.of(args));
    return Command.run(command);
  }

  static OperatorManifests template(String... setValues) {
    List<String> args = new ArrayList<>(List.of("template", RELEASE, CHART, "--namespace", NAMESPACE));
    for (String value : setValues) {
      args.add("--set");
      args.add(value);
    }
    return OperatorManifests.parse(helm(args.toArray(String[]::new)).requireSuccess().stdout());
  }

  @Test
  void chartCrdIsACopyOfTheGeneratedOne() throws Exception {
    var root = ProjectPaths.repoRoot();
    assertThat(Files.readString(root.resolve(CHART).resolve("crds/todoplatforms.platform.todo.io-v1.yml")))
        .as(CHART + "/crds/ must hold crds/todoplatforms.platform.todo.io-v1.yml unchanged: run hack/update-crds.sh")
        .isEqualTo(Files.readString(root.resolve("crds/todoplatforms.platform.todo.io-v1.yml")));
    try (var files = Files.list(root.resolve(CHART).resolve("crds"))) {
      assertThat(files).hasSize(1);
    }
  }

  @Test
  void lintsCleanWithDefaultAndNonDefaultValues() {
    assertThat(helm("lint", "--strict", CHART).requireSuccess().stdout()).contains("0 chart(s) failed");
    assertThat(helm("lint", "--strict", CHART, "--set", "watchNamespaces={team-a,team-b}", "--set", "replicaCount=2",
        "--set", "metrics.serviceMonitor.enabled=true", "--set", "image.tag=1.2.3").requireSuccess().stdout())
        .contains("0 chart(s) failed");
  }

  @Test
  void defaultsInstallClusterWideWithLeaderElectionAndNoServiceMonitor() {
    OperatorManifests manifests = template();
    manifests.assertOperatorDeployment(8080);
    JsonNode clusterRole = manifests.get("ClusterRole", RELEASE);
    assertThat(permissionsOf(clusterRole)).containsExactlyElementsOf(WATCH_PERMISSIONS);
    assertBindsServiceAccount(manifests.get("ClusterRoleBinding", RELEASE), "ClusterRole", RELEASE, RELEASE, NAMESPACE);
    assertThat(permissionsOf(manifests.get("ClusterRole", RELEASE + "-global")))
        .containsExactlyElementsOf(GLOBAL_PERMISSIONS);
    assertBindsServiceAccount(manifests.get("ClusterRoleBinding", RELEASE + "-global"), "ClusterRole",
        RELEASE + "-global", RELEASE, NAMESPACE);
    JsonNode lease = manifests.get("Role", RELEASE + "-leader-election");
    assertThat(lease.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(permissionsOf(lease)).containsExactlyElementsOf(LEASE_PERMISSIONS);
    assertThat(manifests.ofKind("Role")).hasSize(1);
    assertThat(manifests.env("LEADER_ELECTION")).contains("true");
    assertThat(manifests.env("WATCH_NAMESPACES")).isEmpty();
    assertThat(manifests.deployment().at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(manifests.container().path("image").asText()).isEqualTo("registry.example.com/todo-operator:0.1.0");
    manifests.assertMetricsService(manifests.get("Service", RELEASE + "-metrics"));
    assertThat(manifests.ofKind("ServiceMonitor")).isEmpty();
    assertThat(manifests.ofKind("CustomResourceDefinition")).as("CRDs come from crds/, not templates").isEmpty();
  }

  @Test
  void watchNamespacesRenderRolesInEachAndNoClusterRoleForThem() {
    OperatorManifests manifests = template("watchNamespaces={team-a,team-b}");
    assertThat(manifests.env("WATCH_NAMESPACES")).contains("team-a,team-b");
    assertThat(manifests.ofKind("ClusterRole")).extracting(r -> r.at("/metadata/name").asText())
        .containsExactly(RELEASE + "-global");
    assertThat(manifests.ofKind("ClusterRoleBinding")).extracting(r -> r.at("/metadata/name").asText())
        .containsExactly(RELEASE + "-global");
    List<JsonNode> roles = manifests.ofKind("Role").stream()
        .filter(r -> r.at("/metadata/name").asText().equals(RELEASE)).toList();
    assertThat(roles).extracting(r -> r.at("/metadata/namespace").asText()).containsExactly("team-a", "team-b");
    roles.forEach(role -> assertThat(permissionsOf(role)).containsExactlyElementsOf(WATCH_PERMISSIONS));
    List<JsonNode> bindings = manifests.ofKind("RoleBinding").stream()
        .filter(r -> r.at("/metadata/name").asText().equals(RELEASE)).toList();
    assertThat(bindings).extracting(r -> r.at("/metadata/namespace").asText()).containsExactly("team-a", "team-b");
    bindings.forEach(b -> assertBindsServiceAccount(b, "Role", RELEASE, RELEASE, NAMESPACE));
    manifests.assertOperatorDeployment(8080);
  }

  @Test
  void nonDefaultValuesReachTheDeployment() {
    OperatorManifests manifests = template("replicaCount=3", "image.repository=ghcr.io/acme/todo-operator",
        "image.tag=2.0.0", "resources.requests.cpu=300m", "resources.requests.memory=300Mi",
        "resources.limits.memory=1Gi", "metrics.port=9404", "reconcileThreads=8", "shutdownGraceSeconds=60");
    JsonNode deployment = manifests.deployment();
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(manifests.container().path("image").asText()).isEqualTo("ghcr.io/acme/todo-operator:2.0.0");
    assertThat(manifests.container().at("/resources/requests/cpu").asText()).isEqualTo("300m");
    assertThat(manifests.container().at("/resources/limits/memory").asText()).isEqualTo("1Gi");
    assertThat(manifests.env("RECONCILE_THREADS")).contains("8");
    assertThat(manifests.env("SHUTDOWN_GRACE_SECONDS")).contains("60");
    assertThat(deployment.at("/spec/template/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(75);
    manifests.assertOperatorDeployment(9404);
    assertThat(manifests.get("Service", RELEASE + "-metrics").at("/spec/ports/0/port").asInt()).isEqualTo(9404);
  }

  @Test
  void serviceMonitorOnlyWhenEnabledAndItSelectsTheMetricsService() {
    OperatorManifests manifests = template("metrics.serviceMonitor.enabled=true",
        "metrics.serviceMonitor.labels.release=prometheus");
    JsonNode monitor = manifests.get("ServiceMonitor", RELEASE);
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    JsonNode serviceLabels = manifests.get("Service", RELEASE + "-metrics").at("/metadata/labels");
    monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
        assertThat(serviceLabels.path(label.getKey()).asText()).as(label.getKey())
            .isEqualTo(label.getValue().asText()));
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("metrics");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(monitor.at("/spec/namespaceSelector/matchNames/0").asText()).isEqualTo(NAMESPACE);
  }

  @Test
  void leaderElectionOffDropsTheLeaseRoleAndTheLeaderWritesPolicy() {
    OperatorManifests manifests = template("leaderElection.enabled=false");
    assertThat(manifests.env("LEADER_ELECTION")).contains("false");
    assertThat(manifests.ofKind("Role")).isEmpty();
    assertThat(manifests.ofKind("RoleBinding")).isEmpty();
    assertThat(manifests.ofKind("ValidatingAdmissionPolicy")).isEmpty();
    assertThat(manifests.ofKind("ValidatingAdmissionPolicyBinding")).isEmpty();
  }

  /** The policy that lets only the Lease's holder write is the one of deploy/operator/base (042, 043). */
  @Test
  void leaderWritesPolicyIsTheKustomizeOneForTheReleasesServiceAccountAndLease() {
    OperatorManifests kustomize = KustomizeBuildTest.build("deploy/operator/base");
    OperatorManifests chart = template();
    String name = "todo-platform-operator-leader-writes";
    for (String kind : List.of("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding")) {
      assertThat(chart.get(kind, name).path("spec")).as(kind).isEqualTo(kustomize.get(kind, name).path("spec"));
    }

    OperatorManifests elsewhere = OperatorManifests.parse(helm("template", "ops", CHART, "--namespace", "platform-ops",
        "--set", "serviceAccount.name=todo-ops").requireSuccess().stdout());
    JsonNode policy = elsewhere.get("ValidatingAdmissionPolicy", "ops-todo-platform-operator-leader-writes");
    assertThat(policy.at("/spec/matchConditions/0/expression").asText())
        .isEqualTo("request.userInfo.username == 'system:serviceaccount:platform-ops:todo-ops'");
    JsonNode binding = elsewhere.get("ValidatingAdmissionPolicyBinding", "ops-todo-platform-operator-leader-writes");
    assertThat(binding.at("/spec/policyName").asText()).isEqualTo("ops-todo-platform-operator-leader-writes");
    assertThat(binding.at("/spec/paramRef/namespace").asText()).isEqualTo("platform-ops");
    assertThat(binding.at("/spec/paramRef/name").asText()).as("OperatorSettings.LEASE_NAME")
        .isEqualTo(io.todoplatform.operator.runtime.OperatorSettings.LEASE_NAME);
  }

  @Test
  void includeCrdsRendersTheCrd() {
    OperatorManifests manifests = OperatorManifests.parse(
        helm("template", RELEASE, CHART, "--namespace", NAMESPACE, "--include-crds").requireSuccess().stdout());
    assertThat(manifests.get("CustomResourceDefinition", "todoplatforms.platform.todo.io").at("/spec/group").asText())
        .isEqualTo("platform.todo.io");
  }

  @Test
  void badValuesFailWithAClearMessage() {
    Command.Result twoLeaders = helm("template", RELEASE, CHART, "--set", "replicaCount=2",
        "--set", "leaderElection.enabled=false");
    assertThat(twoLeaders.exitCode()).isNotZero();
    assertThat(twoLeaders.stderr()).contains("replicaCount is 2 but leaderElection.enabled is false");

    Command.Result badNamespace = helm("template", RELEASE, CHART, "--set", "watchNamespaces={Team_A}");
    assertThat(badNamespace.exitCode()).isNotZero();
    assertThat(badNamespace.stderr()).contains("/watchNamespaces/0").contains("Team_A");

    Command.Result typo = helm("template", RELEASE, CHART, "--set", "replicas=2");
    assertThat(typo.exitCode()).as("an unknown value is a typo, not silently ignored").isNotZero();
    assertThat(typo.stderr()).contains("replicas");

    Command.Result monitorWithoutService = helm("template", RELEASE, CHART, "--set",
        "metrics.serviceMonitor.enabled=true", "--set", "metrics.service.enabled=false");
    assertThat(monitorWithoutService.exitCode()).isNotZero();
    assertThat(monitorWithoutService.stderr()).contains("metrics.serviceMonitor.enabled needs metrics.service.enabled");
  }
}
