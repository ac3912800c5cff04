package io.todoplatform.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/argocd: the app of apps and its three Applications point at what this repository really holds. */
class ArgoCdApplicationsTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path ROOT = ProjectPaths.repoRoot();
  static JsonNode root;
  static JsonNode crds;
  static JsonNode operator;
  static JsonNode platform;

  @BeforeAll
  static void load() throws Exception {
    root = YAML.readTree(ROOT.resolve("deploy/argocd/todo-platform.yaml").toFile());
    List<JsonNode> apps = new ArrayList<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("deploy/argocd/apps"))) {
      for (Path file : files.sorted().toList()) {
        apps.add(YAML.readTree(file.toFile()));
      }
    }
    assertThat(apps).extracting(a -> a.path("kind").asText()).containsOnly("Application");
    crds = byName(apps, "todo-platform-crds");
    operator = byName(apps, "todo-platform-operator");
    platform = byName(apps, "todo-platform-production");
    assertThat(apps).hasSize(3);
  }

  @Test
  void appOfAppsSyncsTheAppsFolder() {
    assertThat(root.at("/spec/source/path").asText()).isEqualTo("deploy/argocd/apps");
    assertThat(root.at("/metadata/namespace").asText()).isEqualTo("argocd");
  }

  @Test
  void syncWavesOrderCrdThenOperatorThenTodoPlatform() {
    assertThat(wave(crds)).isLessThan(wave(operator));
    assertThat(wave(operator)).isLessThan(wave(platform));
  }

  @Test
  void crdApplicationAppliesCrdsFolderAndNeverPrunesIt() {
    assertThat(crds.at("/spec/source/path").asText()).isEqualTo("crds");
    assertThat(ROOT.resolve("crds/todoplatforms.platform.todo.io-v1.yml")).exists();
    assertThat(crds.at("/spec/syncPolicy/automated/prune").asBoolean(true)).isFalse();
    assertThat(crds.at("/metadata/finalizers").isMissingNode()).as("deleting the app must not delete the CRD").isTrue();
  }

  @Test
  void operatorApplicationUsesTheChartWithoutItsCrdCopy() {
    String chart = operator.at("/spec/source/path").asText();
    assertThat(ROOT.resolve(chart).resolve("Chart.yaml")).exists();
    assertThat(operator.at("/spec/source/helm/skipCrds").asBoolean()).as("the crds Application owns the CRD").isTrue();
    assertThat(operator.at("/spec/destination/namespace").asText()).isEqualTo("todo-platform-system");
  }

  @Test
  void todoPlatformApplicationToleratesTheCrdNotExistingYet() {
    assertThat(texts(platform.at("/spec/syncPolicy/syncOptions"))).contains("SkipDryRunOnMissingResource=true");
    Path sample = ROOT.resolve(platform.at("/spec/source/path").asText())
        .resolve(platform.at("/spec/source/directory/include").asText());
    assertThat(sample).exists();
    assertThat(platform.at("/spec/destination/namespace").asText()).as("the sample's namespace")
        .isEqualTo(readNamespace(sample));
  }

  @Test
  void allApplicationsTrackTheSameRepositoryAndRevision() {
    for (JsonNode app : List.of(root, crds, operator, platform)) {
      assertThat(app.at("/spec/source/repoURL").asText()).isEqualTo(root.at("/spec/source/repoURL").asText());
      assertThat(app.at("/spec/source/targetRevision").asText())
          .isEqualTo(root.at("/spec/source/targetRevision").asText());
    }
  }

  private static String readNamespace(Path sample) {
    try {
      return YAML.readTree(sample.toFile()).at("/metadata/namespace").asText();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int wave(JsonNode app) {
    return Integer.parseInt(app.at("/metadata/annotations/argocd.argoproj.io~1sync-wave").asText());
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static JsonNode byName(List<JsonNode> apps, String name) {
    return apps.stream().filter(a -> name.equals(a.at("/metadata/name").asText())).findFirst()
        .orElseThrow(() -> new AssertionError("no Application " + name + " in deploy/argocd/apps"));
  }
}
