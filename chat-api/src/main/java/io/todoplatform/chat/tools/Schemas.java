package io.todoplatform.chat.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the JSON Schemas of the tools' parameters (as the maps the Conversation API takes). */
final class Schemas {
  private Schemas() {}

  static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("type", "object");
    schema.put("properties", properties);
    if (!required.isEmpty()) {
      schema.put("required", required);
    }
    schema.put("additionalProperties", false);
    return schema;
  }

  static Map<String, Object> string(String description, int maxLength) {
    return Map.of("type", "string", "description", description, "maxLength", maxLength);
  }

  static Map<String, Object> dateTime(String description) {
    return Map.of("type", "string", "format", "date-time", "description", description);
  }

  static Map<String, Object> enumeration(String description, List<String> values) {
    return Map.of("type", "string", "enum", values, "description", description);
  }

  static Map<String, Object> integer(String description, int minimum, int maximum) {
    return Map.of("type", "integer", "minimum", minimum, "maximum", maximum, "description", description);
  }

  static Map<String, Object> bool(String description) {
    return Map.of("type", "boolean", "description", description);
  }

  static Map<String, Object> stringArray(String description, int maxItems, int maxLength) {
    return Map.of("type", "array", "description", description, "maxItems", maxItems,
        "items", Map.of("type", "string", "maxLength", maxLength));
  }

  static Map<String, Object> props(Object... nameAndSchema) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (int i = 0; i < nameAndSchema.length; i += 2) {
      properties.put((String) nameAndSchema[i], nameAndSchema[i + 1]);
    }
    return properties;
  }
}
