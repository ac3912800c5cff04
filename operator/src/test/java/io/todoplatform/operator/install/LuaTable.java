package io.todoplatform.operator.install;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Writes a JSON/YAML tree as a Lua table constructor, the shape ArgoCD hands a health script as `obj`. */
final class LuaTable {
  private LuaTable() {}

  static String of(JsonNode node) {
    StringBuilder lua = new StringBuilder();
    write(node, lua);
    return lua.toString();
  }

  private static void write(JsonNode node, StringBuilder lua) {
    if (node.isObject()) {
      lua.append('{');
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isNull()) {
          continue; // JSON null is an absent key in Lua, as in ArgoCD's conversion.
        }
        lua.append('[').append(quote(field.getKey())).append("]=");
        write(field.getValue(), lua);
        lua.append(',');
      }
      lua.append('}');
    } else if (node.isArray()) {
      lua.append('{');
      for (JsonNode item : node) {
        write(item, lua);
        lua.append(',');
      }
      lua.append('}');
    } else if (node.isNumber()) {
      lua.append(node.asText());
    } else if (node.isBoolean()) {
      lua.append(node.asBoolean());
    } else {
      lua.append(quote(node.asText()));
    }
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\%03d", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
