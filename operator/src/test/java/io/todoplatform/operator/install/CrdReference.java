package io.todoplatform.operator.install;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders the TodoPlatform reference (every spec field with type, default, validation and description) as Markdown,
 * straight from the CRD's OpenAPI schema, so the README cannot drift from what the API server enforces.
 */
final class CrdReference {
  private CrdReference() {}

  /** The table of every field, then the rules (CEL) that relate fields to each other. */
  static String render(JsonNode crd) {
    JsonNode version = crd.at("/spec/versions/0");
    JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec");
    StringBuilder md = new StringBuilder();
    md.append("`").append(crd.at("/spec/group").asText()).append('/').append(version.path("name").asText())
        .append("`, kind `").append(crd.at("/spec/names/kind").asText()).append("` (short name `")
        .append(crd.at("/spec/names/shortNames/0").asText()).append("`), namespaced.\n\n");
    md.append("| Field | Type | Default | Validation | Description |\n");
    md.append("|---|---|---|---|---|\n");
    List<String[]> rules = new ArrayList<>();
    rows("spec", spec, Set.of(), md, rules);
    if (!rules.isEmpty()) {
      md.append("\nRules across fields (CEL, checked by the API server; `render` and the operator check them too)")
          .append(":\n\n");
      for (String[] rule : rules) {
        md.append("- `").append(rule[0]).append("`: ").append(rule[1]).append('\n');
      }
    }
    return md.toString();
  }

  private static void rows(String path, JsonNode schema, Set<String> requiredHere, StringBuilder md,
      List<String[]> rules) {
    for (JsonNode validation : schema.path("x-kubernetes-validations")) {
      String at = path + validation.path("fieldPath").asText("");
      rules.add(new String[] {at, validation.path("message").asText()});
    }
    JsonNode properties = childProperties(schema);
    if (properties == null) {
      return;
    }
    Set<String> required = new TreeSet<>();
    JsonNode objectSchema = schema.path("type").asText().equals("array") ? schema.path("items") : schema;
    objectSchema.path("required").forEach(r -> required.add(r.asText()));
    String prefix = schema.path("type").asText().equals("array") ? path + "[]" : path;
    Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String fieldPath = prefix + "." + field.getKey();
      JsonNode property = field.getValue();
      md.append("| `").append(fieldPath).append("` | ").append(type(property)).append(" | ")
          .append(defaultValue(property)).append(" | ")
          .append(validation(property, required.contains(field.getKey()))).append(" | ")
          .append(cell(property.path("description").asText(""))).append(" |\n");
      rows(fieldPath, property, required, md, rules);
    }
  }

  /**
   * The properties to list below a field: its own (object) or its items' (array of objects), but only where the
   * API documents them; embedded Kubernetes types (env, resources) carry no descriptions and are not unrolled.
   */
  private static JsonNode childProperties(JsonNode schema) {
    JsonNode properties = schema.path("type").asText().equals("array")
        ? schema.path("items").path("properties") : schema.path("properties");
    if (!properties.isObject()) {
      return null;
    }
    for (JsonNode child : properties) {
      if (child.hasNonNull("description")) {
        return properties;
      }
    }
    return null;
  }

  private static String type(JsonNode property) {
    if (property.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return "integer or string";
    }
    String type = property.path("type").asText("object");
    if (type.equals("array")) {
      return "array of " + type(property.path("items"));
    }
    if (type.equals("object") && property.has("additionalProperties")) {
      return "map of " + type(property.path("additionalProperties"));
    }
    return type;
  }

  private static String defaultValue(JsonNode property) {
    if (!property.has("default")) {
      return "";
    }
    JsonNode value = property.path("default");
    return "`" + cellCode(value.isTextual() ? value.asText() : value.toString()) + "`";
  }

  private static String validation(JsonNode property, boolean required) {
    List<String> parts = new ArrayList<>();
    if (required) {
      parts.add("**required**");
    }
    addCheck(property, parts, "");
    JsonNode items = property.path("items");
    if (items.isObject() && !items.has("properties")) {
      List<String> itemChecks = new ArrayList<>();
      addCheck(items, itemChecks, "");
      if (!itemChecks.isEmpty()) {
        parts.add("each item: " + String.join(", ", itemChecks));
      }
    }
    return String.join("; ", parts);
  }

  private static void addCheck(JsonNode schema, List<String> parts, String prefix) {
    if (schema.has("enum")) {
      List<String> values = new ArrayList<>();
      schema.path("enum").forEach(v -> values.add("`" + cellCode(v.asText()) + "`"));
      parts.add(prefix + "one of " + String.join(", ", values));
    }
    if (schema.has("minimum") || schema.has("maximum")) {
      String min = schema.has("minimum") ? number(schema.path("minimum")) : null;
      String max = schema.has("maximum") ? number(schema.path("maximum")) : null;
      parts.add(prefix + (min != null && max != null ? min + " to " + max : min != null ? "≥ " + min : "≤ " + max));
    }
    if (schema.has("minLength")) {
      parts.add(prefix + "length ≥ " + schema.path("minLength").asInt());
    }
    if (schema.has("maxLength")) {
      parts.add(prefix + "length ≤ " + schema.path("maxLength").asInt());
    }
    if (schema.has("minItems")) {
      parts.add(prefix + "at least " + schema.path("minItems").asInt() + " item"
          + (schema.path("minItems").asInt() == 1 ? "" : "s"));
    }
    if (schema.has("pattern")) {
      parts.add(prefix + "matches `" + cellCode(schema.path("pattern").asText()) + "`");
    }
  }

  private static String number(JsonNode value) {
    double d = value.asDouble();
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  /** Text in a table cell: one line, pipes escaped (GitHub's tables split on them). */
  private static String cell(String text) {
    return text.replace("\n", " ").replace("|", "\\|").strip();
  }

  /** Code in a table cell: GitHub still splits on an unescaped pipe inside backticks. */
  private static String cellCode(String text) {
    return text.replace("|", "\\|");
  }
}
