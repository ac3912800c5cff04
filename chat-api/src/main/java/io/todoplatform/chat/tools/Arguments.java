package io.todoplatform.chat.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.chat.api.FieldError;
import io.todoplatform.chat.support.Json;
import io.todoplatform.chat.support.Text;
import io.todoplatform.service.text.VisibleText;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A model's tool arguments, checked before any use: they are untrusted input like any request body. Every
 * problem is collected with its path ({@code arguments.tags[1]}) and goes back to the model as the tool's result,
 * so it can correct itself; nothing reaches the backend until all arguments are valid.
 */
final class Arguments {
  static final int MAX_ARGUMENT_CHARS = 8_000;
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final ObjectNode node;
  private final List<FieldError> errors = new ArrayList<>();

  private Arguments(ObjectNode node) {
    this.node = node;
  }

  /** Parses the model's argument text; not JSON, not an object or too long is an error at {@code arguments}. */
  static Arguments parse(String text) {
    if (text != null && text.length() > MAX_ARGUMENT_CHARS) {
      return failed("must be at most " + MAX_ARGUMENT_CHARS + " characters of JSON");
    }
    String json = text == null || text.isBlank() ? "{}" : text;
    Optional<JsonNode> parsed = Json.tryParse(json);
    if (parsed.isEmpty()) {
      return failed("must be a JSON object (got text that is not JSON)");
    }
    if (!parsed.get().isObject()) {
      return failed("must be a JSON object");
    }
    return new Arguments((ObjectNode) parsed.get());
  }

  private static Arguments failed(String message) {
    Arguments arguments = new Arguments(Json.mapper().createObjectNode());
    arguments.errors.add(new FieldError("arguments", message));
    return arguments;
  }

  List<FieldError> errors() {
    return errors;
  }

  boolean has(String name) {
    return node.has(name);
  }

  boolean isNull(String name) {
    return node.has(name) && node.get(name).isNull();
  }

  void onlyKnown(Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        errors.add(new FieldError(path(name), "unknown argument (expected one of " + String.join(", ",
            known.stream().sorted().toList()) + ")"));
      }
    }
  }

  String requiredText(String name, int maxChars) {
    if (!node.hasNonNull(name)) {
      errors.add(new FieldError(path(name), "is required"));
      return null;
    }
    String value = text(name, maxChars).orElse(null);
    if (value != null && VisibleText.isBlank(value)) {
      errors.add(new FieldError(path(name), "must not be blank"));
    }
    return value;
  }

  Optional<String> text(String name, int maxChars) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      errors.add(new FieldError(path(name), "must be a string"));
      return Optional.empty();
    }
    if (Text.length(value.asText()) > maxChars) {
      errors.add(new FieldError(path(name), "must be at most " + maxChars + " characters"));
    }
    return Optional.of(value.asText());
  }

  Optional<String> oneOf(String name, Set<String> allowed) {
    Optional<String> value = text(name, 64);
    if (value.isPresent() && !allowed.contains(value.get())) {
      errors.add(new FieldError(path(name), "must be one of " + String.join(", ", allowed.stream().sorted().toList())));
      return Optional.empty();
    }
    return value;
  }

  /** An RFC 3339 date-time with offset, returned as given. */
  Optional<String> dateTime(String name) {
    Optional<String> value = text(name, 64);
    if (value.isPresent()) {
      try {
        OffsetDateTime.parse(value.get(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      } catch (DateTimeParseException e) {
        errors.add(new FieldError(path(name), "must be an RFC 3339 date-time with offset, e.g. 2030-01-31T09:00:00Z"));
        return Optional.empty();
      }
    }
    return value;
  }

  String taskId(String name) {
    if (!node.hasNonNull(name)) {
      errors.add(new FieldError(path(name), "is required"));
      return null;
    }
    Optional<String> value = text(name, 36);
    if (value.isPresent() && !UUID.matcher(value.get()).matches()) {
      errors.add(new FieldError(path(name), "must be a task id (a lower-case UUID as returned by list_tasks)"));
      return null;
    }
    return value.orElse(null);
  }

  Optional<List<String>> textList(String name, int maxItems, int maxChars) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      errors.add(new FieldError(path(name), "must be an array of strings"));
      return Optional.empty();
    }
    if (value.size() > maxItems) {
      errors.add(new FieldError(path(name), "must have at most " + maxItems + " items"));
    }
    List<String> items = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode item = value.get(i);
      String itemPath = path(name) + "[" + i + "]";
      if (!item.isTextual() || VisibleText.isBlank(item.asText()) || Text.length(item.asText()) > maxChars) {
        errors.add(new FieldError(itemPath, "must be a non-blank string of at most " + maxChars + " characters"));
      } else {
        items.add(item.asText());
      }
    }
    return Optional.of(items);
  }

  Optional<Integer> integer(String name, int min, int max) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
      errors.add(new FieldError(path(name), "must be an integer from " + min + " to " + max));
      return Optional.empty();
    }
    return Optional.of(value.asInt());
  }

  Optional<Boolean> bool(String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      errors.add(new FieldError(path(name), "must be true or false"));
      return Optional.empty();
    }
    return Optional.of(value.asBoolean());
  }

  private static String path(String name) {
    return "arguments." + name;
  }
}
