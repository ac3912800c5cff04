package io.todoplatform.operator.install;

import static io.todoplatform.operator.install.MonitoringChartTest.DASHBOARD;
import static io.todoplatform.operator.install.MonitoringChartTest.RULES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.support.ProjectPaths;
import io.todoplatform.testkit.monitoring.MonitoringQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * deploy/monitoring checked by the real promtool (hack/build-tools.sh builds it from Prometheus' Go module): the
 * rules and their unit tests, every dashboard query's syntax, and the runbook sections the alerts point to.
 */
class MonitoringRulesTest {
  static final Path RULE_TESTS = Path.of("deploy/monitoring/tests/todo-platform.rules.test.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  static Command.Result promtool(String... args) {
    List<String> command = new ArrayList<>(List.of(Command.tool("promtool")));
    command.addAll(List.of(args));
    return Command.run(command);
  }

  @Test
  void promtoolChecksTheRules() {
    assertThat(promtool("check", "rules", RULES.toString()).requireSuccess().stdout()).contains("SUCCESS");
  }

  @Test
  void promtoolUnitTestsOfTheAlertsPass() {
    assertThat(promtool("test", "rules", RULE_TESTS.toString()).requireSuccess().stdout()).contains("SUCCESS");
  }

  @Test
  void everyAlertIsTestedFiringAndSilentAndNoTestNamesAnUnknownAlert() throws Exception {
    Set<String> alerts = new LinkedHashSet<>();
    alertRules().forEach(rule -> alerts.add(rule.path("alert").asText()));
    Set<String> firing = new HashSet<>();
    Set<String> silent = new HashSet<>();
    for (JsonNode test : YAML.readTree(ProjectPaths.repoRoot().resolve(RULE_TESTS).toFile()).path("tests")) {
      for (JsonNode check : test.path("alert_rule_test")) {
        String alert = check.path("alertname").asText();
        // promtool passes a test of an alert that does not exist when it expects nothing: a typo would go unseen.
        assertThat(alerts).as("alert tested in %s", RULE_TESTS).contains(alert);
        (check.path("exp_alerts").isEmpty() ? silent : firing).add(alert);
      }
    }
    assertThat(firing).as("alerts with a test where they fire").containsExactlyInAnyOrderElementsOf(alerts);
    assertThat(silent).as("alerts with a test where they stay silent").containsExactlyInAnyOrderElementsOf(alerts);
  }

  @Test
  void everyAlertHasASummaryADescriptionAndARunbookSectionInOperationsDocs() throws Exception {
    Set<String> anchors = headingAnchors(Files.readString(ProjectPaths.repoRoot().resolve("docs/operations.md")));
    for (JsonNode rule : alertRules()) {
      String alert = rule.path("alert").asText();
      assertThat(rule.at("/annotations/summary").asText()).as(alert + " summary").isNotBlank();
      assertThat(rule.at("/annotations/description").asText()).as(alert + " description").isNotBlank();
      assertThat(rule.at("/labels/severity").asText()).as(alert + " severity").isIn("warning", "critical");
      String runbook = rule.at("/annotations/runbook_url").asText();
      assertThat(runbook).as(alert + " runbook_url").isEqualTo("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
      assertThat(anchors).as("a heading '%s' in docs/operations.md", alert).contains(runbook.substring(runbook.indexOf('#') + 1));
    }
  }

  /**
   * Each panel's and variable's query, with Grafana's variables replaced by values, becomes a recording rule that
   * promtool parses: a PromQL syntax error in the dashboard fails here, not on someone's screen.
   */
  @Test
  void everyDashboardQueryIsValidPromQl() throws Exception {
    List<String> queries = List.copyOf(MonitoringQueries.dashboard(ProjectPaths.repoRoot()).values());
    assertThat(queries).hasSizeGreaterThan(20);
    ObjectNode rules = YAML.createObjectNode();
    ArrayNode records = rules.putArray("groups").addObject().put("name", "dashboard").putArray("rules");
    for (int i = 0; i < queries.size(); i++) {
      records.addObject().put("record", "dashboard:query_" + i)
          .put("expr", MonitoringQueries.withVariablesFilled(queries.get(i)));
    }
    Path file = Files.createTempFile("dashboard-queries", ".rules.yaml");
    try {
      YAML.writeValue(file.toFile(), rules);
      promtool("check", "rules", file.toString()).requireSuccess();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Test
  void dashboardPanelsHaveUniqueIdsAndUseTheDataSourceVariable() throws Exception {
    JsonNode dashboard = JSON.readTree(ProjectPaths.repoRoot().resolve(DASHBOARD).toFile());
    Set<Integer> ids = new HashSet<>();
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).as("panel id %s unique", panel.path("id")).isTrue();
      if (!panel.path("type").asText().equals("row")) {
        assertThat(panel.at("/datasource/uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
        assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      }
    }
  }

  private static List<JsonNode> alertRules() throws Exception {
    JsonNode rules = YAML.readTree(ProjectPaths.repoRoot().resolve(RULES).toFile());
    return StreamSupport.stream(rules.path("groups").spliterator(), false)
        .flatMap(group -> StreamSupport.stream(group.path("rules").spliterator(), false))
        .filter(rule -> rule.has("alert")).toList();
  }

  /** GitHub's anchors of markdown headings: lower case, punctuation dropped, spaces to dashes. */
  static Set<String> headingAnchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    Matcher heading = Pattern.compile("(?m)^#{1,6} +(.+?) *$").matcher(markdown);
    while (heading.find()) {
      anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
    }
    return anchors;
  }
}
