package io.todoplatform.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What differs between two JSON trees, as the highest paths that differ: "+ path" (only in the new one), "- path"
 * (only in the old one), "~ path" (a different value). A list whose items all have a "name" (containers, env,
 * volumes) is compared item by item by name, written path[name], so adding an item shows as itself (and a new
 * order of the same items as "~ path (order)").
 */
public final class JsonDiff {
  private JsonDiff() {}

  public static Set<String> between(JsonNode before, JsonNode after) {
    Set<String> differences = new TreeSet<>();
    diff("", before, after, differences);
    return differences;
  }

  private static void diff(String path, JsonNode before, JsonNode after, Set<String> out) {
    boolean hadIt = before != null && !before.isMissingNode() && !before.isNull();
    boolean hasIt = after != null && !after.isMissingNode() && !after.isNull();
    if (!hadIt && !hasIt) {
      return;
    }
    if (!hadIt) {
      out.add("+ " + path);
    } else if (!hasIt) {
      out.add("- " + path);
    } else if (before.isObject() && after.isObject()) {
      Set<String> fields = new TreeSet<>();
      before.fieldNames().forEachRemaining(fields::add);
      after.fieldNames().forEachRemaining(fields::add);
      for (String field : fields) {
        diff(path.isEmpty() ? field : path + "." + field, before.get(field), after.get(field), out);
      }
    } else if (before.isArray() && after.isArray() && named(before) && named(after)) {
      Map<String, JsonNode> old = byName(before);
      Map<String, JsonNode> now = byName(after);
      Set<String> names = new TreeSet<>(old.keySet());
      names.addAll(now.keySet());
      for (String name : names) {
        diff(path + "[" + name + "]", old.get(name), now.get(name), out);
      }
      // The same items in another order are another pod template too.
      java.util.List<String> oldOrder = new java.util.ArrayList<>(old.keySet());
      oldOrder.retainAll(now.keySet());
      java.util.List<String> newOrder = new java.util.ArrayList<>(now.keySet());
      newOrder.retainAll(old.keySet());
      if (!oldOrder.equals(newOrder)) {
        out.add("~ " + path + " (order)");
      }
    } else if (!before.equals(after)) {
      out.add("~ " + path);
    }
  }

  private static boolean named(JsonNode array) {
    if (array.isEmpty()) {
      return true;
    }
    for (Iterator<JsonNode> items = array.elements(); items.hasNext(); ) {
      JsonNode item = items.next();
      if (!item.isObject() || !item.path("name").isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, JsonNode> byName(JsonNode array) {
    Map<String, JsonNode> items = new LinkedHashMap<>();
    array.forEach(item -> items.put(item.path("name").asText(), item));
    return items;
  }
}
