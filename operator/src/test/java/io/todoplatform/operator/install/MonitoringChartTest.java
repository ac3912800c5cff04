package io.todoplatform.operator.install;

import static io.todoplatform.operator.install.HelmChartTest.CHART;
import static io.todoplatform.operator.install.HelmChartTest.NAMESPACE;
import static io.todoplatform.operator.install.HelmChartTest.RELEASE;
import static io.todoplatform.operator.install.HelmChartTest.helm;
import static io.todoplatform.operator.install.HelmChartTest.template;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.support.ProjectPaths;
import io.todoplatform.operator.support.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's monitoring values: the PrometheusRule, the dashboard ConfigMap and the backends' PodMonitor. */
class MonitoringChartTest {
  static final Path RULES = Path.of("deploy/monitoring/todo-platform.rules.yaml");
  static final Path DASHBOARD = Path.of("deploy/monitoring/todo-platform-dashboard.json");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theChartsFilesAreCopiesOfDeployMonitoring() throws Exception {
    Path root = ProjectPaths.repoRoot();
    for (Path source : List.of(RULES, DASHBOARD)) {
      Path copy = root.resolve(CHART).resolve("files").resolve(source.getFileName());
      assertThat(Files.readString(copy))
          .as("%s must be %s unchanged: cp %s %s", CHART + "/files/" + source.getFileName(), source, source,
              CHART + "/files/")
          .isEqualTo(Files.readString(root.resolve(source)));
    }
  }

  @Test
  void nothingOfMonitoringByDefault() {
    OperatorManifests manifests = template();
    assertThat(manifests.ofKind("PrometheusRule")).isEmpty();
    assertThat(manifests.ofKind("ConfigMap")).isEmpty();
    assertThat(manifests.ofKind("PodMonitor")).isEmpty();
  }

  @Test
  void prometheusRuleCarriesTheRulesFileUnchanged() throws Exception {
    OperatorManifests manifests = template("monitoring.prometheusRule.enabled=true",
        "monitoring.prometheusRule.labels.release=prometheus");
    JsonNode rule = manifests.get("PrometheusRule", RELEASE);
    assertThat(rule.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    assertThat(rule.path("spec")).isEqualTo(YAML.readTree(ProjectPaths.repoRoot().resolve(RULES).toFile()));
    assertThat(rule.at("/spec/groups/0/rules/1/annotations/summary").asText())
        .as("Prometheus' templates reach the PrometheusRule, not evaluated by helm").contains("{{ $labels.name }}");
  }

  @Test
  void dashboardConfigMapHasTheSidecarsLabelAndTheDashboard() throws Exception {
    OperatorManifests manifests = template("monitoring.dashboards.enabled=true",
        "monitoring.dashboards.namespace=monitoring", "monitoring.dashboards.annotations.grafana_folder=Todo");
    JsonNode configMap = manifests.get("ConfigMap", RELEASE + "-dashboards");
    assertThat(configMap.at("/metadata/namespace").asText()).isEqualTo("monitoring");
    assertThat(configMap.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(configMap.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("Todo");
    assertThat(configMap.at("/data/todo-platform.json").asText())
        .isEqualTo(Files.readString(ProjectPaths.repoRoot().resolve(DASHBOARD)).stripTrailing());

    JsonNode relabelled = template("monitoring.dashboards.enabled=true", "monitoring.dashboards.label=dashboards",
        "monitoring.dashboards.labelValue=todo").get("ConfigMap", RELEASE + "-dashboards");
    assertThat(relabelled.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(relabelled.at("/metadata/labels/dashboards").asText()).isEqualTo("todo");
  }

  @Test
  void podMonitorSelectsTheBackendPodsTheOperatorRendersAndScrapesAppAndSidecar() {
    JsonNode monitor = template("monitoring.podMonitor.enabled=true", "monitoring.podMonitor.labels.release=prom")
        .get("PodMonitor", RELEASE + "-backends");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prom");
    assertThat(monitor.at("/spec/namespaceSelector/any").asBoolean()).isTrue();
    Map<String, String> selector = YAML.convertValue(monitor.at("/spec/selector/matchLabels"), Map.class);

    List<Deployment> selected = TodoPlatformRenderer.render(Samples.production(), RenderOptions.kubernetes())
        .inApplyOrder().stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .filter(d -> d.getSpec().getTemplate().getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
        .toList();
    assertThat(selected).as("the backend Deployment of samples/production.yaml").hasSize(1);
    Deployment backend = selected.get(0);
    assertThat(backend.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .anySatisfy(port -> assertThat(port.getName()).isEqualTo("http"));
    assertThat(backend.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("dapr.io/enable-metrics", "true");
    // "dapr-metrics" is the name Dapr's sidecar injector gives the daprd container's metrics port.
    assertThat(monitor.at("/spec/podMetricsEndpoints")).extracting(e -> e.path("port").asText())
        .containsExactly("http", "dapr-metrics");

    JsonNode namespaced = template("monitoring.podMonitor.enabled=true", "watchNamespaces={team-a,team-b}")
        .get("PodMonitor", RELEASE + "-backends");
    assertThat(namespaced.at("/spec/namespaceSelector/matchNames")).extracting(JsonNode::asText)
        .containsExactly("team-a", "team-b");
  }

  @Test
  void lintsCleanWithMonitoringOnAndRefusesBadValues() {
    assertThat(helm("lint", "--strict", CHART, "--set", "monitoring.prometheusRule.enabled=true", "--set",
        "monitoring.dashboards.enabled=true", "--set", "monitoring.podMonitor.enabled=true").requireSuccess().stdout())
        .contains("0 chart(s) failed");
    Command.Result badLabel = helm("template", RELEASE, CHART, "--set", "monitoring.dashboards.label=not a label");
    assertThat(badLabel.exitCode()).isNotZero();
    assertThat(badLabel.stderr()).contains("/monitoring/dashboards/label");
    Command.Result typo = helm("template", RELEASE, CHART, "--set", "monitoring.dashboard.enabled=true");
    assertThat(typo.exitCode()).isNotZero();
    assertThat(typo.stderr()).contains("dashboard");
  }
}
