package io.todoplatform.operator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a TodoPlatform manifest for offline use, strictly: what the API server would reject or prune (unknown
 * fields, wrong types, unknown enum values) is an error here, reported with its field path.
 */
public final class TodoPlatformReader {
  private static final String API_VERSION = TodoPlatform.GROUP + "/" + TodoPlatform.VERSION;
  private static final ObjectMapper YAML = strict(YAMLMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      // The API server takes no 1 for "1", no "true" for true, no 1 for an enum's name: neither does render.
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      // Nor 1.5 for an integer (Jackson would truncate it).
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      // Kubernetes' own types (EnvVar, ResourceRequirements...) keep unknown fields in additionalProperties; the
      // API server refuses or prunes them, so here they are unknown fields too.
      .addModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
        @Override
        public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
            BeanDeserializerBuilder builder) {
          builder.setAnySetter(null);
          return builder;
        }
      }))
      .build());

  private TodoPlatformReader() {}

  private static ObjectMapper strict(ObjectMapper mapper) {
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    // No object from a string (Jackson would build a LocalObjectReference from "x"), no null from "" or "\t".
    mapper.coercionConfigFor(LogicalType.POJO).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigDefaults().setAcceptBlankAsEmpty(false)
        .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    return mapper;
  }

  /** @throws InvalidSpecException when the text is not YAML, not one TodoPlatform, or not of the right shape */
  public static TodoPlatform read(String text) {
    JsonNode tree = parse(text);
    checkKind(tree);
    // The status is the operator's to write; the API server drops one sent with the object.
    ((ObjectNode) tree).remove("status");
    try {
      return YAML.treeToValue(tree, TodoPlatform.class);
    } catch (JsonProcessingException e) {
      throw new InvalidSpecException(List.of(describe(e)));
    }
  }

  private static JsonNode parse(String text) {
    try {
      List<JsonNode> documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll().stream()
          .filter(node -> node != null && !node.isNull() && !node.isMissingNode())
          .toList();
      if (documents.size() != 1) {
        throw invalid("(document)", "expected exactly one TodoPlatform document, found " + documents.size());
      }
      if (!documents.get(0).isObject()) {
        throw invalid("(document)", "expected a YAML mapping (a Kubernetes object)");
      }
      return documents.get(0);
    } catch (java.io.IOException e) {
      throw invalid("(document)", "not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  private static void checkKind(JsonNode tree) {
    String kind = tree.path("kind").asText("");
    String apiVersion = tree.path("apiVersion").asText("");
    if (!"TodoPlatform".equals(kind) || !API_VERSION.equals(apiVersion)) {
      throw invalid("kind", "expected TodoPlatform of " + API_VERSION + ", got "
          + (kind.isEmpty() ? "no kind" : kind) + " of " + (apiVersion.isEmpty() ? "no apiVersion" : apiVersion));
    }
    if (tree.path("metadata").path("name").asText("").isEmpty()) {
      throw invalid("metadata.name", "is required");
    }
  }

  static Violation describe(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
      return new Violation("(document)", firstLine(e.getOriginalMessage()));
    }
    String path = path(mapping.getPath());
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new Violation(path, "unknown field" + known(unknown));
    }
    if (e instanceof InvalidFormatException format && format.getTargetType() != null
        && format.getTargetType().isEnum()) {
      String allowed = Arrays.stream(format.getTargetType().getEnumConstants())
          .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .collect(Collectors.joining(", "));
      return new Violation(path, "must be one of " + allowed + ", got \"" + format.getValue() + "\"");
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return new Violation(path, "must be " + typeName(mismatch.getTargetType()));
    }
    return new Violation(path, firstLine(e.getOriginalMessage()));
  }

  private static String known(UnrecognizedPropertyException unknown) {
    if (unknown.getKnownPropertyIds() == null || unknown.getKnownPropertyIds().isEmpty()) {
      return "";
    }
    return " (known: " + unknown.getKnownPropertyIds().stream().map(Object::toString).sorted()
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : references) {
      if (reference.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static InvalidSpecException invalid(String path, String message) {
    return new InvalidSpecException(List.of(new Violation(path, message)));
  }
}
