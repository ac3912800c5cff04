package io.todoplatform.testkit.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * An OpenAPI 3.1 document used as a contract in tests: which operations it documents, and whether a real response
 * (status, content type, required headers, body) is one the document allows. Bodies are validated with a JSON
 * Schema 2020-12 validator (formats asserted); a {@code $ref} into {@code #/components} resolves against the
 * document's own components.
 */
public final class OpenApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final SchemaValidatorsConfig CONFIG =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

  private final JsonNode document;
  private final List<PathTemplate> paths;
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  private record PathTemplate(String template, Pattern pattern, int parameters) {}

  private OpenApiContract(JsonNode document) {
    this.document = document;
    List<PathTemplate> templates = new ArrayList<>();
    document.path("paths").fieldNames().forEachRemaining(template -> templates.add(compile(template)));
    // A literal segment wins over a parameter (/scheduler is not /{x}), as in OpenAPI's own matching rule.
    templates.sort(Comparator.comparingInt(PathTemplate::parameters));
    this.paths = List.copyOf(templates);
  }

  public static OpenApiContract of(JsonNode document) {
    return new OpenApiContract(document);
  }

  /** Loads a document from the classpath, e.g. {@code /openapi.json} from a module's main resources. */
  public static OpenApiContract fromClasspath(Class<?> anchor, String resource) {
    try (InputStream in = anchor.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the classpath of " + anchor.getName());
      }
      return of(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode document() {
    return document;
  }

  /** Every documented operation as {@code "METHOD /path/{template}"}. */
  public Set<String> operations() {
    Set<String> operations = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> path = it.next();
      path.getValue().fieldNames().forEachRemaining(method -> {
        if (METHODS.contains(method)) {
          operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      });
    }
    return operations;
  }

  /** Every schema the document holds compiles and every {@code $ref} in it resolves. */
  public List<String> unresolvableReferences() {
    List<String> problems = new ArrayList<>();
    collectRefs(document, "#", problems);
    return problems;
  }

  private void collectRefs(JsonNode node, String where, List<String> problems) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null && ref.isTextual()) {
        String pointer = ref.asText();
        if (!pointer.startsWith("#/") || document.at(pointer.substring(1)).isMissingNode()) {
          problems.add(where + ": $ref " + pointer + " does not resolve");
        }
      }
      node.fields().forEachRemaining(f -> collectRefs(f.getValue(), where + "/" + f.getKey(), problems));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collectRefs(node.get(i), where + "/" + i, problems);
      }
    }
  }

  /**
   * What is wrong with a response to {@code method path} against the document (empty when nothing is).
   *
   * @param headers response headers, names in lower case
   */
  public List<String> violations(String method, String path, int status, Map<String, String> headers, String body) {
    String rawPath = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String what = method + " " + rawPath + " -> " + status;
    Optional<PathTemplate> template = paths.stream().filter(t -> t.pattern().matcher(rawPath).matches()).findFirst();
    JsonNode operation = template.map(t -> document.path("paths").path(t.template())
        .path(method.toLowerCase(Locale.ROOT))).orElse(null);
    List<String> problems = new ArrayList<>();
    if (operation == null || operation.isMissingNode()) {
      // Not a documented operation: the server must say so with a 404 or 405 problem.
      if (status != 404 && status != 405) {
        problems.add(what + ": undocumented operation answered " + status + " (expected 404 or 405)");
        return problems;
      }
      checkBody(what, ref("#/components/schemas/Problem"), "application/problem+json", headers, body, problems);
      return problems;
    }
    JsonNode responses = operation.path("responses");
    JsonNode response = resolve(responses.has(Integer.toString(status)) ? responses.get(Integer.toString(status))
        : responses.path("default"));
    if (response.isMissingNode()) {
      problems.add(what + ": status " + status + " is not documented for " + method + " " + template.get().template()
          + " (documented: " + names(responses.fieldNames()) + ")");
      return problems;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = response.path("headers").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> header = it.next();
      JsonNode spec = resolve(header.getValue());
      String value = headers.get(header.getKey().toLowerCase(Locale.ROOT));
      if (value == null) {
        if (spec.path("required").asBoolean(false)) {
          problems.add(what + ": required header " + header.getKey() + " is missing");
        }
      } else if (spec.has("schema")) {
        for (ValidationMessage m : schema(spec.get("schema")).validate(TextNode.valueOf(value))) {
          problems.add(what + ": header " + header.getKey() + " '" + value + "': " + m.getMessage());
        }
      }
    }
    JsonNode content = response.path("content");
    String contentType = mediaType(headers.get("content-type"));
    if (body == null || body.isEmpty()) {
      if (!content.isMissingNode() && !content.isEmpty()) {
        problems.add(what + ": empty body, but the document promises " + names(content.fieldNames()));
      }
      return problems;
    }
    if (content.isMissingNode() || content.isEmpty()) {
      problems.add(what + ": a body (" + contentType + ") where the document promises none");
      return problems;
    }
    JsonNode media = content.path(contentType);
    if (media.isMissingNode()) {
      problems.add(what + ": content type '" + contentType + "' is not documented (documented: "
          + names(content.fieldNames()) + ")");
      return problems;
    }
    checkBody(what, media.path("schema"), contentType, headers, body, problems);
    return problems;
  }

  /** Throws an AssertionError naming every violation, if any. */
  public void check(String method, String path, int status, Map<String, String> headers, String body) {
    List<String> problems = violations(method, path, status, headers, body);
    if (!problems.isEmpty()) {
      throw new AssertionError("response outside the OpenAPI document:\n  " + String.join("\n  ", problems)
          + "\n  body: " + abbreviate(body));
    }
  }

  private void checkBody(String what, JsonNode schemaNode, String expectedType, Map<String, String> headers,
      String body, List<String> problems) {
    String contentType = mediaType(headers.get("content-type"));
    if (!contentType.equals(expectedType)) {
      problems.add(what + ": content type '" + contentType + "', expected '" + expectedType + "'");
      return;
    }
    if (!isJson(contentType) || schemaNode.isMissingNode()) {
      return;
    }
    JsonNode value;
    try {
      value = JSON.readTree(body);
    } catch (IOException e) {
      problems.add(what + ": body is not JSON: " + abbreviate(body));
      return;
    }
    for (ValidationMessage m : schema(schemaNode).validate(value)) {
      problems.add(what + ": " + m.getMessage());
    }
  }

  private JsonSchema schema(JsonNode schemaNode) {
    return schemas.computeIfAbsent(schemaNode.toString(), key -> {
      // The schema's $refs point into the document's components: carry them along under the same pointer.
      ObjectNode wrapper = JSON.createObjectNode();
      wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
      wrapper.set("allOf", JSON.createArrayNode().add(schemaNode));
      wrapper.set("components", document.path("components"));
      return FACTORY.getSchema(wrapper, CONFIG);
    });
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode current = node;
    for (int depth = 0; depth < 10 && current.has("$ref"); depth++) {
      current = document.at(current.get("$ref").asText().substring(1));
    }
    return current;
  }

  private static JsonNode ref(String pointer) {
    return JSON.createObjectNode().put("$ref", pointer);
  }

  private static PathTemplate compile(String template) {
    StringBuilder regex = new StringBuilder();
    int parameters = 0;
    var m = Pattern.compile("\\{[^}]+}").matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
      last = m.end();
      parameters++;
    }
    regex.append(Pattern.quote(template.substring(last)));
    return new PathTemplate(template, Pattern.compile(regex.toString()), parameters);
  }

  private static String mediaType(String header) {
    return header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  private static boolean isJson(String mediaType) {
    return mediaType.equals("application/json") || mediaType.endsWith("+json");
  }

  private static String names(Iterator<String> it) {
    List<String> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return String.join(", ", list);
  }

  private static String abbreviate(String body) {
    if (body == null) {
      return "(none)";
    }
    return body.length() > 500 ? body.substring(0, 500) + "..." : body;
  }
}
