package io.todoplatform.operator.support.specgen;

import static io.todoplatform.operator.support.specgen.Gen.weight;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Whole TodoPlatform documents as plain trees (maps and lists), so they can also hold what the Java types cannot:
 * wrong types, unknown fields, missing required fields. Valid ones set a random subset of {@link TodoPlatformFields}
 * to valid values; mutated ones then break one to three things. Each document remembers what was done to it.
 */
public final class PlatformTrees {
  public static final String API_VERSION = "platform.todo.io/v1alpha1";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlatformTrees() {}

  /** A generated document and the broken things in it (empty for a valid one), for the failure message. */
  public record Generated(Map<String, Object> document, List<String> mutations) {
    public String yaml() {
      return PlatformTrees.yaml(document);
    }

    @Override
    public String toString() {
      return (mutations.isEmpty() ? "valid fields" : "mutations " + mutations) + "\n" + yaml();
    }
  }

  /** Documents whose fields each hold a valid value (combinations may still be refused). */
  public static Gen<Generated> valid() {
    return random -> {
      Map<String, Object> document = document(metadataName().next(random), TodoPlatformFields.minimalSpec());
      for (Field field : TodoPlatformFields.ALL) {
        if (random.nextInt(4) == 0) {
          set(document, field.segments(), copy(field.valid().next(random)));
        }
      }
      return new Generated(document, new ArrayList<>());
    };
  }

  /** A valid document with one to three things broken. */
  public static Gen<Generated> mutated() {
    Gen<Generated> valid = valid();
    return random -> {
      Generated generated = valid.next(random);
      for (Mutation mutation : mutation().list(1, 3).next(random)) {
        mutation.change().apply(generated.document());
        generated.mutations().add(mutation.description());
      }
      return generated;
    };
  }

  /** Half valid, half mutated. */
  public static Gen<Generated> any() {
    return Gen.oneOf(valid(), mutated());
  }

  public static Gen<String> metadataName() {
    return Gen.weighted(List.of(
        weight(6, Gen.constant("todo")),
        weight(2, Values.dnsLabel(63)),
        weight(1, Values.subdomain()),
        weight(1, Gen.of("a".repeat(64), "a".repeat(253), "a.b".repeat(50) + "-x"))));
  }

  public static String yaml(Object document) {
    try {
      return YAML.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String json(Object document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A broken thing, applied to a document in place. */
  record Mutation(String description, Change change) {}

  interface Change {
    void apply(Map<String, Object> document);
  }

  static Gen<Mutation> mutation() {
    Gen<Field> fields = Gen.of(TodoPlatformFields.ALL);
    Gen<Mutation> invalidValue = random -> {
      Field field = fields.next(random);
      Object value = field.invalid().next(random);
      return new Mutation("set " + field.path() + " to " + value, d -> set(d, field.segments(), copy(value)));
    };
    Gen<Mutation> wrongType = random -> {
      Field field = fields.next(random);
      Object value = Values.wrongType().next(random);
      return new Mutation("set " + field.path() + " to " + value + " (wrong type)",
          d -> set(d, field.segments(), copy(value)));
    };
    Gen<Mutation> remove = random -> {
      int index = random.nextInt(Integer.MAX_VALUE);
      return new Mutation("remove field #" + index, d -> removeSomeField(d, index));
    };
    Gen<Mutation> unknown = random -> {
      int index = random.nextInt(Integer.MAX_VALUE);
      String name = Gen.of("extra", "replica", "Image", "spec", "status", "chat", "ünknown").next(random);
      return new Mutation("add " + name + " to object #" + index, d -> addUnknownField(d, index, name));
    };
    Gen<Mutation> badMetadataName = random -> {
      String name = Values.badName().next(random);
      return new Mutation("metadata.name " + name, d -> metadata(d).put("name", name));
    };
    return Gen.weighted(List.of(weight(5, invalidValue), weight(3, wrongType), weight(2, remove),
        weight(2, unknown), weight(1, badMetadataName)));
  }

  private static Map<String, Object> document(String name, Map<String, Object> spec) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", API_VERSION);
    document.put("kind", "TodoPlatform");
    document.put("metadata", new LinkedHashMap<>(Map.of("name", name, "namespace", "todo")));
    document.put("spec", spec);
    return document;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metadata(Map<String, Object> document) {
    return (Map<String, Object>) document.get("metadata");
  }

  /** Sets the value at the path, creating the objects on the way (replacing whatever is not an object there). */
  @SuppressWarnings("unchecked")
  static void set(Map<String, Object> root, List<String> path, Object value) {
    Map<String, Object> current = root;
    for (String segment : path.subList(0, path.size() - 1)) {
      Object next = current.get(segment);
      if (!(next instanceof Map)) {
        next = new LinkedHashMap<String, Object>();
        current.put(segment, next);
      }
      current = (Map<String, Object>) next;
    }
    current.put(path.get(path.size() - 1), value);
  }

  /** Removes the index-th field (modulo their number) of spec, depth first: required ones included. */
  private static void removeSomeField(Map<String, Object> document, int index) {
    List<Map.Entry<Map<String, Object>, String>> fields = new ArrayList<>();
    collectFields(document.get("spec"), fields);
    if (!fields.isEmpty()) {
      Map.Entry<Map<String, Object>, String> chosen = fields.get(index % fields.size());
      chosen.getKey().remove(chosen.getValue());
    }
  }

  private static void addUnknownField(Map<String, Object> document, int index, String name) {
    List<Map<String, Object>> objects = new ArrayList<>();
    collectObjects(document.get("spec"), objects);
    objects.add(document);
    Map<String, Object> chosen = objects.get(index % objects.size());
    chosen.putIfAbsent(name, "x");
  }

  @SuppressWarnings("unchecked")
  private static void collectFields(Object node, List<Map.Entry<Map<String, Object>, String>> fields) {
    if (node instanceof Map<?, ?> map) {
      for (String key : ((Map<String, Object>) map).keySet()) {
        fields.add(Map.entry((Map<String, Object>) map, key));
        collectFields(map.get(key), fields);
      }
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collectFields(item, fields));
    }
  }

  @SuppressWarnings("unchecked")
  private static void collectObjects(Object node, List<Map<String, Object>> objects) {
    if (node instanceof Map<?, ?> map) {
      objects.add((Map<String, Object>) map);
      map.values().forEach(value -> collectObjects(value, objects));
    } else if (node instanceof List<?> list) {
      list.forEach(item -> collectObjects(item, objects));
    }
  }

  /** A deep, mutable copy (generators may hand out immutable or shared maps and lists). */
  @SuppressWarnings("unchecked")
  public static Object copy(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, copy(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(item -> copy.add(copy(item)));
      return copy;
    }
    return value;
  }

  /** count documents from one seed: the same ones on every run. */
  public static List<Generated> sample(Gen<Generated> gen, long seed, int count) {
    Random random = new Random(seed);
    List<Generated> documents = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      documents.add(gen.next(random));
    }
    return documents;
  }
}
