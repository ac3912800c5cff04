package io.todoplatform.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The metadata keys each Dapr component declares (../shared/dapr/component-metadata), including those of its
 * authentication profiles, plus the few keys the runtime reads that the files leave out (see their README).
 */
public final class ComponentMetadataCatalog {
  /**
   * Keys the runtime reads that the metadata files do not list: the Kubernetes store's (shared/dapr/README.md,
   * "Known gaps"), the binding-level direction and route every input binding takes (shared/dapr/FACTS.md), and
   * pubsub.kafka's consumer retry keys (FACTS.md item 3: components-contrib v1.17.3
   * common/component/kafka/kafka.go decodes every "backOff"-prefixed key into dapr/kit's retry.Config).
   */
  private static final Map<String, Set<String>> DOCUMENTED_RUNTIME_KEYS = Map.of(
      "secretstores.kubernetes/v1", Set.of("defaultNamespace", "kubeconfigPath"),
      "bindings.cron/v1", Set.of("direction", "route"),
      "pubsub.kafka/v1", Set.of("backOffPolicy", "backOffDuration", "backOffInitialInterval",
          "backOffRandomizationFactor", "backOffMultiplier", "backOffMaxInterval", "backOffMaxElapsedTime",
          "backOffMaxRetries"));

  /**
   * chat-api's conversation components, whose metadata files shared/dapr/component-metadata does not carry: the keys
   * of components-contrib v1.17.3 conversation/{openai,anthropic,googleai,mistral,ollama}/metadata.yaml (echo has
   * none), which all decode into conversation.LangchainMetadata (key, model, endpoint, cacheTTL).
   */
  private static final Map<String, Set<String>> CONVERSATION_KEYS = Map.of(
      "conversation.openai/v1", Set.of("key", "model", "endpoint", "cacheTTL", "apiVersion", "apiType"),
      "conversation.anthropic/v1", Set.of("key", "model", "cacheTTL"),
      "conversation.googleai/v1", Set.of("key", "model", "cacheTTL"),
      "conversation.mistral/v1", Set.of("key", "model", "cacheTTL"),
      "conversation.ollama/v1", Set.of("model", "cacheTTL", "endpoint"),
      "conversation.echo/v1", Set.of());

  private final Map<String, Set<String>> keysByTypeAndVersion = new HashMap<>(CONVERSATION_KEYS);

  private ComponentMetadataCatalog() {}

  public static ComponentMetadataCatalog load() {
    ComponentMetadataCatalog catalog = new ComponentMetadataCatalog();
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Path dir = ProjectPaths.shared().resolve("dapr/component-metadata");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        JsonNode doc = yaml.readTree(Files.readString(file));
        String key = doc.path("type").asText() + "." + doc.path("name").asText() + "/" + doc.path("version").asText();
        Set<String> names = new HashSet<>(DOCUMENTED_RUNTIME_KEYS.getOrDefault(key, Set.of()));
        doc.path("metadata").forEach(m -> names.add(m.path("name").asText()));
        doc.path("authenticationProfiles").forEach(p -> p.path("metadata").forEach(m -> names.add(m.path("name").asText())));
        catalog.keysByTypeAndVersion.put(key, names);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return catalog;
  }

  /** The declared keys of a component type (e.g. pubsub.kafka) at a version (v1), if the catalog has it. */
  public Optional<Set<String>> keys(String type, String version) {
    return Optional.ofNullable(keysByTypeAndVersion.get(type + "/" + version));
  }
}
