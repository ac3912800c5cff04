package io.todoplatform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.ProjectPaths;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every manifest we ship (samples/ and deploy/) is accepted by a real kube-apiserver: a server-side dry-run runs the
 * same decoding, defaulting, OpenAPI/CEL validation and admission as `kubectl apply --server-side` without storing
 * anything. The TodoPlatform and Dapr CRDs are installed first, and the namespaces the manifests name are created
 * for real (a dry-run of a namespaced object needs its namespace to exist).
 *
 * <p>Files are found when the tests run, so manifests added to deploy/ later are covered without editing this class.
 * Not Kubernetes objects, so left out: a Helm chart's Chart.yaml, values files and templates/ (Go templates, not
 * plain YAML; its crds/ directory is plain YAML and is included), kustomize's kustomization.yaml and the patches
 * it lists (fragments merged into the objects of its resources, which are checked themselves). Argo CD
 * Applications are only checked for their kind (see {@link #EXTERNAL_KINDS}).
 */
class ManifestsDryRunKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static final String FIELD_MANAGER = "manifests-dry-run";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * Kinds of other projects whose CRDs this offline test cluster cannot have (Argo CD's are not published to any
   * registry the build may use): their objects are checked to be exactly these kinds, not dry-run. Anything else the
   * cluster does not serve fails, so a misspelt apiVersion or kind is still caught.
   */
  private static final Map<String, Set<String>> EXTERNAL_KINDS = Map.of(
      "argoproj.io/v1alpha1", Set.of("Application", "AppProject", "ApplicationSet"));

  static KubernetesClient client;

  @BeforeAll
  static void installCrdsAndNamespaces() {
    client = KUBE.client();
    EstablishedCrds.installTodoPlatformCrd(client);
    EstablishedCrds.installDaprCrds(client);
    List<JsonNode> all = manifestFiles().stream()
        .flatMap(file -> documents(ProjectPaths.repoRoot().resolve(file)).stream()).toList();
    // CRDs shipped in deploy/ are installed for real, so the custom resources beside them can be checked too.
    for (JsonNode document : all) {
      if (isCrd(document) && client.apiextensions().v1().customResourceDefinitions()
          .withName(document.path("metadata").path("name").asText()).get() == null) {
        client.resource(toResource(document)).fieldManager(FIELD_MANAGER).serverSideApply();
        EstablishedCrds.awaitEstablished(client, document.path("metadata").path("name").asText());
      }
    }
    all.stream()
        .flatMap(document -> Stream.of(document.path("metadata").path("namespace").asText(""),
            "Namespace".equals(document.path("kind").asText()) && "v1".equals(document.path("apiVersion").asText())
                ? document.path("metadata").path("name").asText("") : ""))
        .filter(namespace -> !namespace.isEmpty())
        .distinct()
        .filter(namespace -> client.namespaces().withName(namespace).get() == null)
        .forEach(namespace -> ClusterFixtures.namespace(client, namespace));
  }

  /** Every manifest file, as a path relative to the repository root; deploy/ may not exist yet. */
  static List<String> manifestFiles() {
    Path root = ProjectPaths.repoRoot();
    List<String> files = new ArrayList<>();
    for (String dir : List.of("samples", "deploy")) {
      Path base = root.resolve(dir);
      if (!Files.isDirectory(base)) {
        continue;
      }
      try (Stream<Path> paths = Files.walk(base)) {
        paths.filter(Files::isRegularFile)
            .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
            .filter(p -> !excluded(p))
            .sorted(Comparator.naturalOrder())
            .forEach(p -> files.add(root.relativize(p).toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  /**
   * Helper files of Helm and kustomize, which are not (whole) Kubernetes objects themselves, and Prometheus' rule
   * and rule-test files (deploy/monitoring; the chart wraps the rules in a PrometheusRule, MonitoringChartTest).
   */
  private static boolean excluded(Path file) {
    String name = file.getFileName().toString();
    if (file.toAbsolutePath().normalize()
        .startsWith(ProjectPaths.repoRoot().toAbsolutePath().normalize().resolve("deploy/monitoring"))) {
      return true;
    }
    if (name.equals("kustomization.yaml") || name.equals("kustomization.yml") || isKustomizePatch(file)) {
      return true;
    }
    Optional<Path> chart = helmChartOf(file);
    if (chart.isEmpty()) {
      return false;
    }
    // Inside a chart only crds/ holds plain manifests (Helm installs them verbatim).
    Path inChart = chart.get().relativize(file);
    return !(inChart.getNameCount() > 1 && inChart.getName(0).toString().equals("crds"));
  }

  /**
   * A patch listed in a kustomization.yaml beside it: a fragment kustomize merges into an object of its resources,
   * not an object of its own (the object it patches is checked with the resources).
   */
  private static boolean isKustomizePatch(Path file) {
    Path kustomization = file.resolveSibling("kustomization.yaml");
    if (!Files.exists(kustomization)) {
      return false;
    }
    try {
      JsonNode config = YAML.readTree(Files.readString(kustomization));
      List<String> patches = new ArrayList<>();
      config.path("patches").forEach(p -> patches.add(p.path("path").asText("")));
      config.path("patchesJson6902").forEach(p -> patches.add(p.path("path").asText("")));
      config.path("patchesStrategicMerge").forEach(p -> patches.add(p.asText("")));
      return patches.stream().filter(p -> !p.isEmpty())
          .anyMatch(p -> kustomization.getParent().resolve(p).normalize().equals(file.normalize()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Path> helmChartOf(Path file) {
    for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("Chart.yaml"))) {
        return Optional.of(dir);
      }
      if (dir.equals(ProjectPaths.repoRoot())) {
        break;
      }
    }
    return Optional.empty();
  }

  @Test
  void findsTheSamplesAndWhateverDeployHolds() {
    assertThat(manifestFiles()).contains(
        "samples/minimal.yaml", "samples/development.yaml", "samples/production.yaml",
        "samples/minimal-secrets.yaml", "samples/development-secrets.yaml", "samples/production-secrets.yaml");
    assertThat(manifestFiles()).noneMatch(f -> f.contains("/templates/"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifestFiles")
  void everyObjectInTheFileIsAcceptedByAServerSideDryRun(String file) {
    List<JsonNode> documents = documents(ProjectPaths.repoRoot().resolve(file));
    assertThat(documents).as(file + " holds no Kubernetes object").isNotEmpty();
    List<String> rejected = new ArrayList<>();
    // CRDs and Namespaces first, as kubectl would need them first.
    documents.stream()
        .sorted(Comparator.comparingInt(ManifestsDryRunKubeApiServerIT::applyRank))
        .forEach(document -> dryRun(file, document).ifPresent(rejected::add));
    assertThat(rejected).as("objects in " + file + " the API server rejects").isEmpty();
  }

  private static Optional<String> dryRun(String file, JsonNode document) {
    String what = document.path("kind").asText() + " " + document.path("metadata").path("name").asText();
    if (!servedKind(document)) {
      String apiVersion = document.path("apiVersion").asText();
      Set<String> knownKinds = EXTERNAL_KINDS.get(apiVersion);
      if (knownKinds != null && knownKinds.contains(document.path("kind").asText())) {
        return Optional.empty();
      }
      return Optional.of(what + ": the test cluster serves no " + apiVersion + " "
          + document.path("kind").asText() + " (a typo, or a CRD this test must install first)");
    }
    try {
      GenericKubernetesResource result = client.resource(toResource(document)).dryRun()
          .fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      assertThat(result.getMetadata().getName()).as(file + ": " + what).isEqualTo(
          document.path("metadata").path("name").asText());
      return Optional.empty();
    } catch (KubernetesClientException e) {
      return Optional.of(what + ": " + e.getCode() + " " + e.getMessage());
    }
  }

  private static boolean servedKind(JsonNode document) {
    String apiVersion = document.path("apiVersion").asText();
    String kind = document.path("kind").asText();
    try {
      APIResourceList resources = client.getApiResources(apiVersion);
      return resources != null && resources.getResources().stream().map(APIResource::getKind).anyMatch(kind::equals);
    } catch (KubernetesClientException e) {
      return false;
    }
  }

  private static int applyRank(JsonNode document) {
    if (isCrd(document)) {
      return 0;
    }
    return "Namespace".equals(document.path("kind").asText()) ? 1 : 2;
  }

  private static boolean isCrd(JsonNode document) {
    return "CustomResourceDefinition".equals(document.path("kind").asText())
        && document.path("apiVersion").asText().startsWith("apiextensions.k8s.io/");
  }

  private static GenericKubernetesResource toResource(JsonNode document) {
    return SERIALIZATION.convertValue(document, GenericKubernetesResource.class);
  }

  /** The YAML documents of a file, each checked to be a Kubernetes object (empty documents are skipped). */
  private static List<JsonNode> documents(Path file) {
    try {
      List<JsonNode> documents = new ArrayList<>();
      for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file)).readAll()) {
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        if (!document.isObject() || document.path("apiVersion").asText("").isEmpty()
            || document.path("kind").asText("").isEmpty()
            || document.path("metadata").path("name").asText("").isEmpty()) {
          fail(file + " has a YAML document that is not a Kubernetes object (apiVersion, kind and metadata.name"
              + " are required): " + document);
        }
        documents.add(document);
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(file + " is not valid YAML", e);
    }
  }
}
