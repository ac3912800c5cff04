package io.todoplatform.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The install manifests (kustomize build or helm template output) and what must hold for them whichever way they
 * were made: the operator's exact permissions and a Deployment that passes the restricted Pod Security Standard.
 */
record OperatorManifests(List<JsonNode> objects) {

  /** One "group/resource:verb" per permission, group empty for the core API. */
  static final Set<String> WATCH_PERMISSIONS = permissions(
      "platform.todo.io", List.of("todoplatforms"), List.of("get", "list", "watch", "patch", "update"),
      "platform.todo.io", List.of("todoplatforms/status"), List.of("get", "patch", "update"),
      "", List.of("serviceaccounts", "services"), Verbs.MANAGE,
      "apps", List.of("deployments"), Verbs.MANAGE,
      "rbac.authorization.k8s.io", List.of("roles", "rolebindings"), Verbs.MANAGE,
      "dapr.io", List.of("components", "resiliencies", "configurations"), Verbs.MANAGE,
      "policy", List.of("poddisruptionbudgets"), Verbs.MANAGE,
      "", List.of("secrets"), List.of("get", "list", "watch", "create"),
      "", List.of("events"), List.of("create", "patch"));
  static final Set<String> GLOBAL_PERMISSIONS = permissions(
      "apiextensions.k8s.io", List.of("customresourcedefinitions"), List.of("get"),
      "authorization.k8s.io", List.of("selfsubjectrulesreviews"), List.of("create"));
  static final Set<String> LEASE_PERMISSIONS = permissions(
      "coordination.k8s.io", List.of("leases"), List.of("get", "create", "update", "patch"));

  private static final class Verbs {
    static final List<String> MANAGE = List.of("get", "list", "watch", "create", "update", "patch", "delete");
  }

  static OperatorManifests parse(String multiDocumentYaml) {
    List<JsonNode> objects = new ArrayList<>();
    ObjectReader reader = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class);
    try (var documents = reader.<JsonNode>readValues(multiDocumentYaml)) {
      while (documents.hasNext()) {
        JsonNode object = documents.next();
        if (object != null && !object.isNull() && !object.isEmpty()) {
          objects.add(object);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not valid multi-document YAML", e);
    }
    return new OperatorManifests(objects);
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name.equals(o.at("/metadata/name").asText())).findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in "
        + objects.stream().map(o -> o.path("kind").asText() + "/" + o.at("/metadata/name").asText()).toList()));
  }

  JsonNode deployment() {
    List<JsonNode> deployments = ofKind("Deployment");
    assertThat(deployments).as("one operator Deployment").hasSize(1);
    return deployments.get(0);
  }

  JsonNode container() {
    JsonNode containers = deployment().at("/spec/template/spec/containers");
    assertThat(containers.size()).as("one container").isEqualTo(1);
    return containers.get(0);
  }

  Optional<String> env(String name) {
    for (JsonNode env : container().path("env")) {
      if (name.equals(env.path("name").asText())) {
        return Optional.of(env.has("value") ? env.path("value").asText() : env.path("valueFrom").toString());
      }
    }
    return Optional.empty();
  }

  static Set<String> permissionsOf(JsonNode role) {
    Set<String> granted = new TreeSet<>();
    for (JsonNode rule : role.path("rules")) {
      assertThat(rule.has("resourceNames")).as("the operator's rules are not limited to names").isFalse();
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            assertThat(verb.asText()).as("no wildcard verbs").isNotEqualTo("*");
            assertThat(resource.asText()).as("no wildcard resources").isNotEqualTo("*");
            granted.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
          }
        }
      }
    }
    return granted;
  }

  /** The binding grants its role to the operator's ServiceAccount, and to nothing else. */
  static void assertBindsServiceAccount(JsonNode binding, String roleKind, String roleName, String serviceAccount,
      String namespace) {
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo(roleKind);
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(roleName);
    assertThat(binding.path("subjects").size()).isEqualTo(1);
    JsonNode subject = binding.path("subjects").get(0);
    assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
    assertThat(subject.path("name").asText()).isEqualTo(serviceAccount);
    assertThat(subject.path("namespace").asText()).isEqualTo(namespace);
  }

  /**
   * Probes on /healthz and /readyz of the operations port, the Lease namespace from the downward API, resources,
   * and the restricted Pod Security Standard with a read-only root filesystem (only /tmp writable).
   */
  void assertOperatorDeployment(int operationsPort) {
    JsonNode pod = deployment().at("/spec/template/spec");
    JsonNode container = container();
    assertThat(container.at("/args/0").asText()).isEqualTo("run");
    JsonNode port = container.path("ports").get(0);
    assertThat(port.path("containerPort").asInt()).isEqualTo(operationsPort);
    String portName = port.path("name").asText();
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/healthz");
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      assertThat(container.path(probe).at("/httpGet/port").asText()).as(probe).isEqualTo(portName);
    }
    assertThat(env("OPERATIONS_PORT")).contains(String.valueOf(operationsPort));
    assertThat(env("POD_NAMESPACE")).contains("{\"fieldRef\":{\"fieldPath\":\"metadata.namespace\"}}");
    assertThat(container.at("/resources/requests/cpu").isMissingNode()).as("cpu request").isFalse();
    assertThat(container.at("/resources/requests/memory").isMissingNode()).as("memory request").isFalse();
    assertThat(container.at("/resources/limits/memory").isMissingNode()).as("memory limit").isFalse();

    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isPositive();
    assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
    JsonNode security = container.path("securityContext");
    assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.at("/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(security.path("privileged").asBoolean(false)).isFalse();
    assertThat(pod.path("hostNetwork").asBoolean(false)).isFalse();

    JsonNode mount = container.path("volumeMounts").get(0);
    assertThat(container.path("volumeMounts").size()).as("only /tmp is writable").isEqualTo(1);
    assertThat(mount.path("mountPath").asText()).isEqualTo("/tmp");
    JsonNode volume = pod.path("volumes").get(0);
    assertThat(volume.path("name").asText()).isEqualTo(mount.path("name").asText());
    assertThat(volume.has("emptyDir")).isTrue();

    String serviceAccount = pod.path("serviceAccountName").asText();
    assertThat(serviceAccount).isNotEmpty();
    assertThat(find("ServiceAccount", serviceAccount)).isPresent();
  }

  /** The metrics Service selects the operator pods and targets the operations port by name. */
  void assertMetricsService(JsonNode service) {
    JsonNode podLabels = deployment().at("/spec/template/metadata/labels");
    service.path("spec").path("selector").fields().forEachRemaining(selector ->
        assertThat(podLabels.path(selector.getKey()).asText()).as("selector %s", selector.getKey())
            .isEqualTo(selector.getValue().asText()));
    assertThat(service.path("spec").path("selector").isEmpty()).isFalse();
    JsonNode port = service.at("/spec/ports/0");
    assertThat(port.path("name").asText()).isEqualTo("metrics");
    assertThat(port.path("targetPort").asText()).isEqualTo(container().at("/ports/0/name").asText());
  }

  private static Set<String> permissions(Object... groupsResourcesVerbs) {
    Set<String> all = new TreeSet<>();
    for (int i = 0; i < groupsResourcesVerbs.length; i += 3) {
      String group = (String) groupsResourcesVerbs[i];
      @SuppressWarnings("unchecked") List<String> resources = (List<String>) groupsResourcesVerbs[i + 1];
      @SuppressWarnings("unchecked") List<String> verbs = (List<String>) groupsResourcesVerbs[i + 2];
      for (String resource : resources) {
        for (String verb : verbs) {
          all.add(group + "/" + resource + ":" + verb);
        }
      }
    }
    return all;
  }
}
