package io.todoplatform.testkit.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every PromQL expression of deploy/monitoring, keyed by where it is (an alert, a dashboard panel's target, a
 * dashboard variable): what the tests check against promtool and against the metrics a running platform exposes.
 */
public final class MonitoringQueries {
  public static final Path RULES = Path.of("deploy/monitoring/todo-platform.rules.yaml");
  public static final Path DASHBOARD = Path.of("deploy/monitoring/todo-platform-dashboard.json");
  private static final Pattern LABEL_VALUES = Pattern.compile("^label_values\\((.+),\\s*\\w+\\)$");

  private MonitoringQueries() {}

  /** Alert or recording rule name -> expression. */
  public static Map<String, String> rules(Path repoRoot) {
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode group : read(repoRoot.resolve(RULES), new ObjectMapper(new YAMLFactory())).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name = rule.has("alert") ? "alert " + rule.path("alert").asText() : "record " + rule.path("record").asText();
        queries.put(name, rule.path("expr").asText());
      }
    }
    return queries;
  }

  /**
   * Panel target or variable -> expression. {@code label_values(selector, label)} (Grafana's, not PromQL) gives
   * its selector.
   */
  public static Map<String, String> dashboard(Path repoRoot) {
    JsonNode dashboard = read(repoRoot.resolve(DASHBOARD), new ObjectMapper());
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        queries.put("panel '" + panel.path("title").asText() + "' " + target.path("refId").asText(),
            target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if (variable.path("type").asText().equals("query")) {
        String query = variable.at("/query/query").asText();
        Matcher labelValues = LABEL_VALUES.matcher(query);
        if (!labelValues.matches()) {
          throw new IllegalStateException("dashboard variable " + variable.path("name").asText()
              + " is not label_values(selector, label): " + query);
        }
        queries.put("variable " + variable.path("name").asText(), labelValues.group(1));
      }
    }
    return queries;
  }

  /** Grafana's variables replaced by values PromQL accepts. */
  public static String withVariablesFilled(String query) {
    return query.replace("$__rate_interval", "5m").replace("$__range", "6h").replace("$namespace", ".*");
  }

  private static JsonNode read(Path file, ObjectMapper mapper) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
