package io.todoplatform.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real Dapr CRDs (../shared/dapr/crds): validates an object against its kind's openAPIV3Schema, and also
 * reports fields the schema does not declare (the API server would silently prune them, which is how a
 * misplaced field such as spec.scopes fails without a word).
 */
public final class DaprSchemas {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, String> CRD_FILE_BY_KIND = Map.of(
      "Component", "components.yaml",
      "Resiliency", "resiliency.yaml",
      "Configuration", "configuration.yaml",
      "Subscription", "subscription.yaml");

  private DaprSchemas() {}

  /** Parsed once per kind: the property tests validate thousands of objects. */
  private static final Map<String, JsonSchema> VALIDATORS = new ConcurrentHashMap<>();
  private static final Map<String, JsonNode> SCHEMAS = new ConcurrentHashMap<>();

  public static List<String> problems(JsonNode object) {
    String kind = object.path("kind").asText();
    JsonNode schema = SCHEMAS.computeIfAbsent(kind, DaprSchemas::schemaOf);
    List<String> problems = new ArrayList<>();
    JsonSchema validator = VALIDATORS.computeIfAbsent(kind,
        k -> JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema));
    Set<ValidationMessage> messages = validator.validate(object);
    messages.forEach(m -> problems.add(m.getMessage()));
    undeclaredFields("$", object, schema, problems);
    return problems;
  }

  public static JsonNode schemaOf(String kind) {
    String file = CRD_FILE_BY_KIND.get(kind);
    if (file == null) {
      throw new IllegalArgumentException("no Dapr CRD for kind " + kind);
    }
    Path path = ProjectPaths.shared().resolve("dapr/crds").resolve(file);
    try {
      JsonNode crd = YAML.readTree(Files.readString(path));
      for (JsonNode version : crd.path("spec").path("versions")) {
        if ("v1alpha1".equals(version.path("name").asText())) {
          return version.path("schema").path("openAPIV3Schema");
        }
      }
      throw new IllegalStateException(path + " has no v1alpha1 version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void undeclaredFields(String path, JsonNode value, JsonNode schema, List<String> problems) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return;
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String fieldPath = path + "." + field.getKey();
        if (path.equals("$") && field.getKey().equals("metadata")) {
          continue;
        }
        if (properties.has(field.getKey())) {
          undeclaredFields(fieldPath, field.getValue(), properties.get(field.getKey()), problems);
        } else if (additional.isObject()) {
          undeclaredFields(fieldPath, field.getValue(), additional, problems);
        } else {
          problems.add(fieldPath + ": not declared by the CRD (the API server would prune it)");
        }
      }
    } else if (value.isArray()) {
      int index = 0;
      for (JsonNode item : value) {
        undeclaredFields(path + "[" + index++ + "]", item, schema.path("items"), problems);
      }
    }
  }
}
