package io.todoplatform.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformStatus;
import io.todoplatform.operator.render.SpecDefaults;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.ProjectPaths;
import io.todoplatform.operator.support.Samples;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated TodoPlatform CRD on a real kube-apiserver: it installs, the API server itself rejects invalid
 * TodoPlatforms (OpenAPI schema and CEL rules) naming the field, applies the schema's defaults (and they agree with
 * the Java defaults the renderer uses offline), serves the printer columns and keeps spec and status apart.
 */
class CrdKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static final String NAMESPACE = "crd-tests";
  private static final String API_VERSION = TodoPlatform.GROUP + "/" + TodoPlatform.VERSION;
  private static final String TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper SORTED_JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final AtomicInteger NAMES = new AtomicInteger();

  static KubernetesClient client;
  static CustomResourceDefinition installed;

  @BeforeAll
  static void installCrd() {
    client = KUBE.client();
    installed = EstablishedCrds.installTodoPlatformCrd(client);
    ClusterFixtures.namespace(client, NAMESPACE);
  }

  @Test
  void theGeneratedCrdInstallsAndIsServed() {
    assertThat(EstablishedCrds.isEstablished(installed)).isTrue();
    assertThat(installed.getStatus().getConditions())
        .anySatisfy(c -> {
          assertThat(c.getType()).isEqualTo("NamesAccepted");
          assertThat(c.getStatus()).isEqualTo("True");
        });
    List<APIResource> resources = client.getApiResources(API_VERSION).getResources();
    assertThat(resources).anySatisfy(r -> {
      assertThat(r.getName()).isEqualTo("todoplatforms");
      assertThat(r.getKind()).isEqualTo("TodoPlatform");
      assertThat(r.getNamespaced()).isTrue();
      assertThat(r.getShortNames()).containsExactly("tp");
    });
    assertThat(resources).extracting(APIResource::getName).contains("todoplatforms/status");
  }

  // --- rejection of invalid TodoPlatforms by the API server itself

  static Stream<Arguments> invalidPlatforms() {
    return Stream.of(
        // OpenAPI schema
        invalid("missing image", p -> backend(p).remove("image"),
            "spec.backend.image", "Required value"),
        invalid("missing stateStore", p -> spec(p).remove("stateStore"),
            "spec.stateStore", "Required value"),
        invalid("zero brokers", p -> pubsub(p).put("brokers", List.of()),
            "spec.pubsub.brokers", "should have at least 1 items"),
        invalid("broker without port", p -> pubsub(p).put("brokers", List.of("kafka.todo.svc")),
            "spec.pubsub.brokers[0]", "should match"),
        invalid("app-id not a DNS label", p -> backend(p).put("appId", "Not_A_Label"),
            "spec.backend.appId", "should match"),
        invalid("app-id of 59 characters", p -> backend(p).put("appId", "a".repeat(59)),
            "spec.backend.appId", "58"),
        invalid("negative replicas", p -> backend(p).put("replicas", -1),
            "spec.backend.replicas", "greater than or equal to 0"),
        invalid("replicas not an integer", p -> backend(p).put("replicas", "two"),
            "spec.backend.replicas", "integer"),
        invalid("unknown log level", p -> map(spec(p), "dapr").put("logLevel", "verbose"),
            "spec.dapr.logLevel", "Unsupported value: \"verbose\""),
        invalid("unknown Kafka auth type", p -> map(pubsub(p), "auth").put("type", "kerberos"),
            "spec.pubsub.auth.type", "Unsupported value: \"kerberos\""),
        invalid("duration without unit", p -> map(spec(p), "resiliency").put("timeout", "5"),
            "spec.resiliency.timeout", "should match"),
        invalid("sampling rate above 1", p -> map(map(spec(p), "dapr"), "tracing").put("samplingRate", "1.5"),
            "spec.dapr.tracing.samplingRate", "should match"),
        invalid("backend port out of range", p -> backend(p).put("port", 70000),
            "spec.backend.port", "less than or equal to 65535"),
        invalid("metrics port zero", p -> map(spec(p), "dapr").put("metricsPort", 0),
            "spec.dapr.metricsPort", "greater than or equal to 1"),
        invalid("maxRetries below -1", p -> map(map(spec(p), "resiliency"), "retry").put("maxRetries", -2),
            "spec.resiliency.retry.maxRetries", "greater than or equal to -1"),
        invalid("sweep schedule not cron", p -> map(spec(p), "scheduler").put("sweepSchedule", "every minute"),
            "spec.scheduler.sweepSchedule", "should match"),
        invalid("table name not an identifier", p -> map(spec(p), "stateStore").put("tableName", "todo-state"),
            "spec.stateStore.tableName", "should match"),
        invalid("state store pool above 1000 connections", p -> map(spec(p), "stateStore").put("maxConnections", 1001),
            "spec.stateStore.maxConnections", "less than or equal to 1000"),
        // CEL rules (x-kubernetes-validations)
        invalid("SASL auth without secretRef", p -> map(pubsub(p), "auth").put("type", "scram-sha-256"),
            "spec.pubsub.auth.secretRef", "secretRef is required unless type is none"),
        invalid("duplicate component names", p -> map(spec(p), "stateStore").put("name", "kafka-pubsub"),
            "spec", "component names (pubsub.name, stateStore.name, secretStore.name, scheduler.name) must differ"),
        invalid("scheduler named like the pub/sub", p -> map(spec(p), "scheduler").put("name", "kafka-pubsub"),
            "spec", "component names"),
        invalid("secret store named like Dapr's built-in store (issue 10)",
            p -> map(spec(p), "secretStore").put("name", "kubernetes"),
            "spec.secretStore.name", "\"kubernetes\" is reserved for Dapr's built-in Kubernetes secret store"),
        invalid("pod label that the Deployment selects by (issue 14)",
            p -> map(backend(p), "pod").put("labels", Map.of("app.kubernetes.io/instance", "other")),
            "spec.backend.pod.labels", "must not set the labels the operator sets"),
        invalid("pod annotation of the sidecar (issue 14)",
            p -> map(backend(p), "pod").put("annotations", Map.of("dapr.io/app-id", "other")),
            "spec.backend.pod.annotations", "must not set dapr.io/ or platform.todo.io/ annotations"),
        invalid("dead-letter topic equal to a subscribed topic (issue 14)",
            p -> pubsub(p).put("deadLetterTopic", "task-events"),
            "spec.pubsub.deadLetterTopic", "deadLetterTopic must differ from the topics the backend subscribes to"),
        invalid("grace period too short for the sidecar (issue 14)",
            p -> backend(p).put("terminationGracePeriodSeconds", 5),
            "spec.backend.terminationGracePeriodSeconds", "greater than or equal to 15"),
        invalid("delivery retries below zero (issue 14)",
            p -> map(spec(p), "resiliency").put("deliveryMaxRetries", -1),
            "spec.resiliency.deliveryMaxRetries", "greater than or equal to 0"),
        // spec.chat (issue 11)
        invalid("chat without image", p -> chat(p).remove("image"),
            "spec.chat.image", "image is required unless enabled is false"),
        invalid("chat without model", p -> chat(p).remove("model"),
            "spec.chat.model", "model is required unless enabled is false"),
        invalid("unknown model type", p -> model(p).put("type", "cohere"),
            "spec.chat.model.type", "Unsupported value: \"cohere\""),
        invalid("model key missing", p -> model(p).put("type", "anthropic"),
            "spec.chat.model.apiKeySecretRef", "apiKeySecretRef is required for this type"),
        invalid("endpoint of a provider with a fixed address", p -> {
              model(p).put("type", "googleai");
              model(p).put("apiKeySecretRef", Map.of("name", "k", "key", "api-key"));
              model(p).put("endpoint", "https://gemini.example");
            },
            "spec.chat.model.endpoint", "only types openai and ollama take an endpoint"),
        invalid("ollama without endpoint", p -> model(p).put("type", "ollama"),
            "spec.chat.model.endpoint", "endpoint is required for type ollama"),
        invalid("echo with a key", p -> model(p).put("apiKeySecretRef", Map.of("name", "k", "key", "api-key")),
            "spec.chat.model.apiKeySecretRef", "types echo and ollama take no API key"),
        invalid("echo with a model", p -> model(p).put("model", "gpt-4o"),
            "spec.chat.model.model", "type echo takes no model"),
        invalid("ollama with a key", p -> {
              model(p).put("type", "ollama");
              model(p).put("endpoint", "http://ollama.models:11434/v1");
              model(p).put("apiKeySecretRef", Map.of("name", "k", "key", "api-key"));
            },
            "spec.chat.model.apiKeySecretRef", "types echo and ollama take no API key"),
        invalid("OpenAI-compatible endpoint without model", p -> {
              model(p).put("type", "openai");
              model(p).put("apiKeySecretRef", Map.of("name", "k", "key", "api-key"));
              model(p).put("endpoint", "https://api.cohere.ai/compatibility/v1");
            },
            "spec.chat.model.model", "model is required for type openai with an endpoint"),
        invalid("endpoint not a URL", p -> {
              model(p).put("type", "ollama");
              model(p).put("endpoint", "ollama:11434");
            },
            "spec.chat.model.endpoint", "should match"),
        invalid("retention over ten years", p -> chat(p).put("retention", "100000h"),
            "spec.chat.retention", "must be from 1m to 87600h (10 years)"),
        invalid("model timeout under a second", p -> chat(p).put("modelTimeout", "500ms"),
            "spec.chat.modelTimeout", "must be from 1s to 10m"),
        invalid("too many tool rounds", p -> chat(p).put("maxToolRounds", 11),
            "spec.chat.maxToolRounds", "less than or equal to 10"),
        invalid("chat app-id equal to the backend's", p -> chat(p).put("appId", "backend"),
            "spec.chat.appId", "chat.appId must differ from backend.appId"),
        invalid("chat port equal to the sidecar's", p -> chat(p).put("port", 50001),
            "spec.chat.port", "chat.port must differ from the sidecar's ports"),
        invalid("chat model component named like another component", p -> {
              chat(p).put("appId", "chat");
              map(spec(p), "stateStore").put("name", "chat-model");
            },
            "spec.chat.appId", "the chat model's Component is named after chat.appId"),
        invalid("chat pod annotation of the sidecar",
            p -> map(chat(p), "pod").put("annotations", Map.of("dapr.io/config", "x")),
            "spec.chat.pod.annotations", "must not set dapr.io/ or platform.todo.io/ annotations"),
        invalid("backend port equal to the sidecar HTTP port", p -> backend(p).put("port", 3500),
            "spec.backend.port", "backend.port must differ from the sidecar's ports"),
        invalid("backend port equal to the metrics port", p -> {
              backend(p).put("port", 9191);
              map(spec(p), "dapr").put("metricsPort", 9191);
            },
            "spec.backend.port", "backend.port must differ from the sidecar's ports"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPlatforms")
  void theApiServerRejectsAnInvalidPlatformNamingTheField(String description,
      Consumer<Map<String, Object>> mutation, String fieldPath, String reason) {
    Map<String, Object> platform = minimalAsMap("invalid-" + NAMES.incrementAndGet());
    mutation.accept(platform);
    GenericKubernetesResource resource = SERIALIZATION.convertValue(platform, GenericKubernetesResource.class);

    assertThatThrownBy(() -> platforms().inNamespace(NAMESPACE).resource(resource).create())
        .as(description)
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          // The API server's own wording: "<field path>: <what is wrong>".
          assertThat(e.getMessage()).contains(fieldPath + ": ").contains(reason);
        });
    assertThat(platforms().inNamespace(NAMESPACE).withName(resource.getMetadata().getName()).get()).isNull();
  }

  /**
   * Issue 14: Dapr prefixes state keys with the app-id, the Kafka consumer group defaults to it and Scheduler jobs
   * belong to it; a renamed app-id would orphan them all (and run two backends on one selector), so the API server
   * refuses the change.
   */
  @Test
  @SuppressWarnings("unchecked")
  void theApiServerRefusesToChangeTheAppIdButAcceptsOtherChanges() {
    String name = "immutable-" + NAMES.incrementAndGet();
    Map<String, Object> platform = minimalAsMap(name);
    platforms().inNamespace(NAMESPACE).resource(SERIALIZATION.convertValue(platform, GenericKubernetesResource.class))
        .create();
    // Saying the default out loud is no change.
    platforms().inNamespace(NAMESPACE).withName(name).edit(p -> {
      ((Map<String, Object>) ((Map<String, Object>) p.getAdditionalProperties().get("spec")).get("backend"))
          .put("appId", "backend");
      return p;
    });
    assertThatThrownBy(() -> platforms().inNamespace(NAMESPACE).withName(name).edit(p -> {
      ((Map<String, Object>) ((Map<String, Object>) p.getAdditionalProperties().get("spec")).get("backend"))
          .put("appId", "backend-v2");
      return p;
    })).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getMessage()).contains("spec.backend.appId: ").contains("appId cannot be changed");
    });
    platforms().inNamespace(NAMESPACE).withName(name).edit(p -> {
      ((Map<String, Object>) ((Map<String, Object>) p.getAdditionalProperties().get("spec")).get("backend"))
          .put("replicas", 3);
      return p;
    });
  }

  @Test
  void theMinimalSampleIsAcceptedAsIs() {
    GenericKubernetesResource created = platforms().inNamespace(NAMESPACE)
        .resource(SERIALIZATION.convertValue(minimalAsMap("minimal-as-is"), GenericKubernetesResource.class))
        .create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
  }

  // --- defaulting

  @Test
  void theApiServerAppliesTheSchemaDefaultsAndTheyAgreeWithTheJavaDefaults() {
    GenericKubernetesResource created = platforms().inNamespace(NAMESPACE)
        .resource(SERIALIZATION.convertValue(minimalAsMap("defaults"), GenericKubernetesResource.class)).create();
    TodoPlatform stored = client.resources(TodoPlatform.class).inNamespace(NAMESPACE)
        .withName(created.getMetadata().getName()).get();
    TodoPlatformSpec spec = stored.getSpec();

    assertThat(spec.getBackend().getReplicas()).as("left to others (an autoscaler) when left out").isNull();
    assertThat(spec.getBackend().getTerminationGracePeriodSeconds()).isEqualTo(45);
    assertThat(spec.getPubsub().getDeadLetterTopic()).isEqualTo("task-deadletters");
    assertThat(spec.getPubsub().getConsumerRetries()).isEqualTo(10);
    assertThat(spec.getResiliency().getDeliveryTimeout()).isEqualTo("60s");
    assertThat(spec.getResiliency().getDeliveryMaxRetries()).isEqualTo(3);
    assertThat(spec.getBackend().getAppId()).isEqualTo("backend");
    assertThat(spec.getBackend().getPort()).isEqualTo(8000);
    assertThat(spec.getPubsub().getName()).isEqualTo("kafka-pubsub");
    assertThat(spec.getPubsub().getInitTimeout()).isEqualTo("30s");
    assertThat(spec.getPubsub().getTopics().getTaskEvents()).isEqualTo("task-events");
    assertThat(spec.getPubsub().getTopics().getTaskUpdates()).isEqualTo("task-updates");
    assertThat(spec.getPubsub().getTopics().getReminders()).isEqualTo("reminders");
    assertThat(spec.getPubsub().getTls().getEnabled()).as("decided from the auth type (secure by default)").isNull();
    assertThat(spec.getStateStore().getName()).isEqualTo("statestore");
    assertThat(spec.getStateStore().getTableName()).isEqualTo("state");
    assertThat(spec.getSecretStore().getName()).isEqualTo("kubernetes-secrets");
    assertThat(spec.getDapr().getLogLevel().wireValue()).isEqualTo("info");
    assertThat(spec.getDapr().getMetricsPort()).isEqualTo(9090);
    assertThat(spec.getDapr().getEnableMetrics()).isTrue();
    assertThat(spec.getDapr().getTracing().getSamplingRate()).isEqualTo("1");
    assertThat(spec.getScheduler().getEnabled()).isTrue();
    assertThat(spec.getScheduler().getName()).isEqualTo("scheduler");
    assertThat(spec.getScheduler().getSweepSchedule()).isEqualTo("@every 1m");
    assertThat(spec.getResiliency().getTimeout()).isEqualTo("5s");
    assertThat(spec.getResiliency().getRetry().getMaxRetries()).isEqualTo(3);
    assertThat(spec.getResiliency().getRetry().getMaxInterval()).isEqualTo("15s");
    assertThat(spec.getResiliency().getCircuitBreaker().getTrip()).isEqualTo("consecutiveFailures > 5");

    // Field by field: what the server stored must be exactly what SpecDefaults fills in offline (render).
    JsonNode server = SERIALIZATION.convertValue(spec, JsonNode.class);
    JsonNode java = SERIALIZATION.convertValue(SpecDefaults.withDefaults(Samples.minimal()).getSpec(), JsonNode.class);
    List<String> differences = new ArrayList<>();
    diff("spec", server, java, differences);
    // The only fields Java fills in that the schema leaves unset: "left out means ..." values that the CRD's
    // descriptions document instead of declaring a default (empty lists, the sidecar's default resources, the
    // secrets the app may read, TLS decided from the auth type).
    assertThat(differences).containsExactlyInAnyOrder(
        "spec.backend.env: only Java sets it ([])",
        "spec.dapr.sidecar.resources: only Java sets it ({\"limits\":{\"cpu\":\"200m\",\"memory\":\"256Mi\"},"
            + "\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}})",
        "spec.pubsub.tls.enabled: only Java sets it (false)",
        "spec.secretStore.allowedSecrets: only Java sets it ([\"todo-auth\"])",
        "spec.scopes: only Java sets it ([])");
  }

  /** spec.chat's defaults on the API server are what SpecDefaults fills in for render, field by field. */
  @Test
  void theApiServerAppliesTheChatDefaultsAndTheyAgreeWithTheJavaDefaults() {
    Map<String, Object> platform = minimalAsMap("chat-defaults");
    chat(platform);
    GenericKubernetesResource created = platforms().inNamespace(NAMESPACE)
        .resource(SERIALIZATION.convertValue(platform, GenericKubernetesResource.class)).create();
    TodoPlatform stored = client.resources(TodoPlatform.class).inNamespace(NAMESPACE)
        .withName(created.getMetadata().getName()).get();
    var chat = stored.getSpec().getChat();
    assertThat(chat.getEnabled()).isTrue();
    assertThat(chat.getAppId()).isEqualTo("chat-api");
    assertThat(chat.getPort()).isEqualTo(8080);
    assertThat(chat.getRetention()).isEqualTo("720h");
    assertThat(chat.getModelTimeout()).isEqualTo("60s");
    assertThat(chat.getMaxToolRounds()).isEqualTo(5);
    assertThat(chat.getScrubPii()).isFalse();
    assertThat(chat.getReplicas()).as("left to others (an autoscaler) when left out").isNull();

    TodoPlatform offline = SERIALIZATION.convertValue(platform, TodoPlatform.class);
    JsonNode server = SERIALIZATION.convertValue(chat, JsonNode.class);
    JsonNode java = SERIALIZATION.convertValue(SpecDefaults.withDefaults(offline).getSpec().getChat(), JsonNode.class);
    List<String> differences = new ArrayList<>();
    diff("spec.chat", server, java, differences);
    assertThat(differences).isEmpty();
  }

  /** chat-api's conversations are keyed by its app-id: the API server refuses to change it. */
  @Test
  @SuppressWarnings("unchecked")
  void theApiServerRefusesToChangeTheChatAppId() {
    String name = "chat-immutable-" + NAMES.incrementAndGet();
    Map<String, Object> platform = minimalAsMap(name);
    chat(platform);
    platforms().inNamespace(NAMESPACE).resource(SERIALIZATION.convertValue(platform, GenericKubernetesResource.class))
        .create();
    assertThatThrownBy(() -> platforms().inNamespace(NAMESPACE).withName(name).edit(p -> {
      ((Map<String, Object>) ((Map<String, Object>) p.getAdditionalProperties().get("spec")).get("chat"))
          .put("appId", "chat-v2");
      return p;
    })).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getMessage()).contains("spec.chat.appId: ").contains("appId cannot be changed");
    });
    // Turning chat off is a change like any other.
    platforms().inNamespace(NAMESPACE).withName(name).edit(p -> {
      ((Map<String, Object>) ((Map<String, Object>) p.getAdditionalProperties().get("spec")).get("chat"))
          .put("enabled", false);
      return p;
    });
  }

  /** Compares two JSON trees, object fields by name, and lists every path where they differ. */
  private static void diff(String path, JsonNode server, JsonNode java, List<String> differences) {
    if (server.isObject() && java.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      server.fieldNames().forEachRemaining(names::add);
      java.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode s = server.get(name);
        JsonNode j = java.get(name);
        String child = path + "." + name;
        if (s == null) {
          differences.add(child + ": only Java sets it (" + sorted(j) + ")");
        } else if (j == null) {
          differences.add(child + ": only the server sets it (" + sorted(s) + ")");
        } else {
          diff(child, s, j, differences);
        }
      }
    } else if (!server.equals(java)) {
      differences.add(path + ": server " + server + ", Java " + java);
    }
  }

  /** Compact JSON with object keys sorted, so the expected differences can be written down. */
  private static String sorted(JsonNode node) {
    try {
      return SORTED_JSON.writeValueAsString(SORTED_JSON.treeToValue(node, Object.class));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- printer columns and the status subresource

  @Test
  void theStatusSubresourceKeepsSpecAndStatusApartAndThePrinterColumnsShowThem() throws Exception {
    String name = "status-" + NAMES.incrementAndGet();
    TodoPlatform platform = Samples.minimal();
    platform.getMetadata().setNamespace(NAMESPACE);
    platform.getMetadata().setName(name);
    var platforms = client.resources(TodoPlatform.class).inNamespace(NAMESPACE);
    platform.setStatus(readyStatus(1L));
    TodoPlatform created = platforms.resource(platform).create();
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(created.getStatus().getConditions()).as("a status sent with the object is dropped").isNullOrEmpty();

    // A status write through /status ignores the spec it carries and does not bump the generation.
    TodoPlatform statusWrite = platforms.withName(name).get();
    statusWrite.getSpec().getBackend().setReplicas(7);
    statusWrite.setStatus(readyStatus(1L));
    TodoPlatform afterStatus = platforms.resource(statusWrite).updateStatus();
    assertThat(afterStatus.getSpec().getBackend().getReplicas()).as("not set by a status write").isNull();
    assertThat(afterStatus.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(afterStatus.getStatus().condition("Ready").getStatus()).isEqualTo("True");

    // A spec write through the main resource ignores the status it carries and bumps the generation.
    TodoPlatform afterSpec = platforms.withName(name).edit(p -> {
      p.getSpec().getBackend().setReplicas(3);
      p.setStatus(new TodoPlatformStatus());
      return p;
    });
    assertThat(afterSpec.getSpec().getBackend().getReplicas()).isEqualTo(3);
    assertThat(afterSpec.getMetadata().getGeneration()).isEqualTo(2L);
    assertThat(afterSpec.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(afterSpec.getStatus().condition("Ready").getStatus()).isEqualTo("True");

    // Metadata-only changes (labels, annotations: pause) are not a new generation.
    TodoPlatform afterLabel = platforms.withName(name).edit(p -> {
      p.getMetadata().setLabels(Map.of("team", "todo"));
      return p;
    });
    assertThat(afterLabel.getMetadata().getGeneration()).isEqualTo(2L);

    // `kubectl get tp` asks for a Table: the API server fills the CRD's printer columns.
    JsonNode table = table("apis/" + API_VERSION + "/namespaces/" + NAMESPACE + "/todoplatforms/" + name);
    List<String> columns = new ArrayList<>();
    table.path("columnDefinitions").forEach(c -> columns.add(c.path("name").asText()));
    assertThat(columns).contains("Name", "Ready", "App ID", "Replicas", "Age", "Reason");
    JsonNode cells = table.path("rows").get(0).path("cells");
    assertThat(cells.get(columns.indexOf("Name")).asText()).isEqualTo(name);
    assertThat(cells.get(columns.indexOf("Ready")).asText()).isEqualTo("True");
    assertThat(cells.get(columns.indexOf("Reason")).asText()).isEqualTo("Ready");
    assertThat(cells.get(columns.indexOf("App ID")).asText()).isEqualTo("backend");
    assertThat(cells.get(columns.indexOf("Replicas")).asInt()).isEqualTo(3);
    assertThat(cells.get(columns.indexOf("Age")).asText()).isNotBlank();
    // Reason is a wide column (kubectl -o wide): priority 1, the others priority 0.
    table.path("columnDefinitions").forEach(c -> assertThat(c.path("priority").asInt())
        .as(c.path("name").asText()).isEqualTo("Reason".equals(c.path("name").asText()) ? 1 : 0));
  }

  private static TodoPlatformStatus readyStatus(long observedGeneration) {
    Condition ready = new Condition();
    ready.setType("Ready");
    ready.setStatus("True");
    ready.setReason("Ready");
    ready.setMessage("set by the test through /status");
    ready.setLastTransitionTime("2026-01-01T00:00:00Z");
    ready.setObservedGeneration(observedGeneration);
    TodoPlatformStatus status = new TodoPlatformStatus();
    status.setObservedGeneration(observedGeneration);
    status.setConditions(List.of(ready));
    return status;
  }

  private static JsonNode table(String path) throws Exception {
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder()
        .url(new URL(new URL(client.getMasterUrl().toString()), path))
        .header("Accept", TABLE)
        .build();
    HttpResponse<String> response = http.sendAsync(request, String.class).get(30, TimeUnit.SECONDS);
    assertThat(response.code()).as(response.body()).isEqualTo(200);
    JsonNode table = SERIALIZATION.unmarshal(response.body(), JsonNode.class);
    assertThat(table.path("kind").asText()).isEqualTo("Table");
    return table;
  }

  // --- helpers

  private static MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> platforms() {
    return client.genericKubernetesResources(API_VERSION, "TodoPlatform");
  }

  /** samples/minimal.yaml as plain maps, so a test can also write what the Java types cannot hold. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> minimalAsMap(String name) {
    try {
      Map<String, Object> platform = YAML.readValue(Files.readString(ProjectPaths.sample("minimal.yaml")),
          LinkedHashMap.class);
      Map<String, Object> metadata = (Map<String, Object>) platform.get("metadata");
      metadata.put("name", name);
      metadata.put("namespace", NAMESPACE);
      return platform;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Arguments invalid(String description, Consumer<Map<String, Object>> mutation, String fieldPath,
      String reason) {
    return Arguments.of(description, mutation, fieldPath, reason);
  }

  private static Map<String, Object> spec(Map<String, Object> platform) {
    return map(platform, "spec");
  }

  private static Map<String, Object> backend(Map<String, Object> platform) {
    return map(spec(platform), "backend");
  }

  /** spec.chat, created as the smallest valid one (echo: no key) when the sample has none. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> chat(Map<String, Object> platform) {
    return (Map<String, Object>) spec(platform).computeIfAbsent("chat", k -> new LinkedHashMap<>(Map.of(
        "image", "chat-api:1", "model", new LinkedHashMap<>(Map.of("type", "echo")))));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> model(Map<String, Object> platform) {
    return (Map<String, Object>) chat(platform).get("model");
  }

  private static Map<String, Object> pubsub(Map<String, Object> platform) {
    return map(spec(platform), "pubsub");
  }

  /** The child object at key, created (empty) when the sample leaves it out. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
  }
}
