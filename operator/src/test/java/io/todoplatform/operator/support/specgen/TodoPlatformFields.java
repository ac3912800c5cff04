package io.todoplatform.operator.support.specgen;

import static io.todoplatform.operator.support.specgen.Values.atLeast;
import static io.todoplatform.operator.support.specgen.Values.below;
import static io.todoplatform.operator.support.specgen.Values.bool;
import static io.todoplatform.operator.support.specgen.Values.listOf;

import io.todoplatform.operator.Constants;
import io.todoplatform.operator.render.AppEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every field of spec the generators know, with valid and invalid values. A new field of the API
 * is one more line here; {@link PlatformTrees} needs no change.
 */
public final class TodoPlatformFields {
  /** The least a TodoPlatform needs, as samples/minimal.yaml has it. */
  public static Map<String, Object> minimalSpec() {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("backend", new LinkedHashMap<>(Map.of("image", "registry.example.com/todo-app:1.0.0")));
    spec.put("pubsub", new LinkedHashMap<>(Map.of("brokers", new ArrayList<>(List.of("kafka.todo.svc:9092")))));
    spec.put("stateStore", new LinkedHashMap<>(Map.of("connectionSecretRef",
        new LinkedHashMap<>(Map.of("name", "todo-db", "key", "connectionString")))));
    return spec;
  }

  /** spec.chat's fields, relative to it. */
  private static final List<Field> CHAT = List.of(
      field("enabled", bool(), Gen.of("true", 1)),
      field("appId", Values.dnsLabel(58), Gen.oneOf(Values.badName(), Gen.strings("abc", 59, 63))),
      field("image", Gen.of("chat-api:1", "registry.example.com/chat-api@sha256:" + "b".repeat(64)),
          Gen.of("", " ", "\t", 42)),
      field("replicas", atLeast(0), below(0)),
      field("port", Values.port(), Values.badPort()),
      field("resources", Values.resources(Values.quantity()), Values.resources(Values.badQuantity())),
      field("model", chatModel(), badChatModel()),
      field("scrubPii", bool(), Gen.of("false", 0)),
      // Durations in range: their syntax is generated for the resiliency fields already.
      field("retention", Gen.of("1m", "720h", "87600h", "90m", "1h30m"),
          Gen.oneOf(Gen.of("59s", "87601h"), Values.badDuration())),
      field("maxToolRounds", Gen.ints(1, 10).asObject(), Gen.of(0, 11, -1, "5")),
      field("modelTimeout", Gen.of("1s", "60s", "10m", "2m30s", "1500ms"),
          Gen.oneOf(Gen.of("999ms", "11m"), Values.badDuration())),
      field("pod.nodeSelector", Values.stringMap(labelKey(), Values.dnsLabel(20), 0, 2),
          Values.wrongType()));

  public static final List<Field> ALL = List.of(
      // backend
      field("spec.backend.image", Gen.of("todo-app:1", "registry.example.com/todo-app@sha256:" + "a".repeat(64),
          "ü/ß:1"), Gen.of("", " ", "\t")),
      field("spec.backend.replicas", atLeast(0), below(0)),
      field("spec.backend.appId", Values.dnsLabel(58), Gen.oneOf(Values.badName(), Gen.strings("abc", 59, 63))),
      field("spec.backend.port", Values.port(), Values.badPort()),
      field("spec.backend.resources", Values.resources(Values.quantity()), Values.resources(Values.badQuantity())),
      field("spec.backend.env", listOf(envVar(), 0, 5), listOf(badEnvVar(), 1, 3)),
      field("spec.backend.terminationGracePeriodSeconds", atLeast(15), below(15)),
      field("spec.backend.pod.labels", Values.stringMap(labelKey(), Values.dnsLabel(20), 0, 3),
          Values.stringMap(Gen.of(Constants.LABEL_NAME, Constants.LABEL_INSTANCE, Constants.LABEL_COMPONENT,
              Constants.LABEL_PART_OF, Constants.LABEL_MANAGED_BY), Values.dnsLabel(10), 1, 2)),
      field("spec.backend.pod.annotations", Values.stringMap(labelKey(), Values.hostileString(), 0, 3),
          Values.stringMap(Gen.of("dapr.io/app-id", "dapr.io/x", "platform.todo.io/secrets-hash"),
              Values.hostileString(), 1, 2)),
      field("spec.backend.pod.nodeSelector", Values.stringMap(labelKey(), Values.dnsLabel(20), 0, 2),
          Values.wrongType()),
      field("spec.backend.pod.priorityClassName", Values.subdomain(), Values.badName()),
      field("spec.backend.pod.imagePullSecrets", listOf(Values.subdomain().map(n -> Map.of("name", n)), 0, 2),
          Values.wrongType()),
      // dapr
      field("spec.dapr.logLevel", Gen.of("debug", "info", "warn", "error"),
          Gen.of("verbose", "INFO", "", "Info")),
      field("spec.dapr.logAsJson", bool(), Gen.of("true", "yes", 1)),
      field("spec.dapr.enableMetrics", bool(), Gen.of("false", "no", 0)),
      field("spec.dapr.metricsPort", Values.port(), Values.badPort()),
      field("spec.dapr.sidecar.resources", Values.resources(Values.quantity()),
          Values.resources(Values.badQuantity())),
      field("spec.dapr.appTokenSecretRef", Values.subdomain().map(n -> Map.of("name", n)),
          Gen.oneOf(Values.badName().map(n -> Map.of("name", n)), Gen.constant(Map.of()))),
      field("spec.dapr.tracing.samplingRate", Values.samplingRate(), Values.badSamplingRate()),
      field("spec.dapr.tracing.otlp", otlp(), Gen.of(Map.of(), Map.of("endpoint", ""),
          Map.of("endpoint", "collector:4317", "protocol", "udp"))),
      // pubsub
      field("spec.pubsub.name", Values.subdomain(), Values.badName()),
      field("spec.pubsub.brokers", listOf(Values.hostPort(), 1, 4),
          Gen.oneOf(Gen.constant(List.of()), listOf(Values.badHostPort(), 1, 2))),
      field("spec.pubsub.auth.type", Gen.of("none", "plain", "scram-sha-256", "scram-sha-512"),
          Gen.of("kerberos", "SCRAM-SHA-256", "")),
      field("spec.pubsub.auth.secretRef", credentials(), Gen.oneOf(Gen.constant(Map.of()),
          Values.badName().map(n -> Map.of("name", n)),
          Values.badSecretKey().map(k -> Map.of("name", "kafka", "usernameKey", k)))),
      field("spec.pubsub.tls.enabled", bool(), Gen.of("on", "true")),
      field("spec.pubsub.tls.caSecretRef", secretKeyRef(), badSecretKeyRef()),
      field("spec.pubsub.initialOffset", Gen.of("newest", "oldest"), Gen.of("latest", "Newest")),
      field("spec.pubsub.initTimeout", Values.duration(), Values.badDuration()),
      field("spec.pubsub.consumerGroup", Values.subdomain(), Values.badName()),
      field("spec.pubsub.topics.taskEvents", Values.topic(), Values.badTopic()),
      field("spec.pubsub.topics.taskUpdates", Values.topic(), Values.badTopic()),
      field("spec.pubsub.topics.reminders", Values.topic(), Values.badTopic()),
      field("spec.pubsub.deadLetterTopic", Values.topic(), Values.badTopic()),
      field("spec.pubsub.consumerRetries", atLeast(-1), below(-1)),
      // state store
      field("spec.stateStore.name", Values.subdomain(), Values.badName()),
      field("spec.stateStore.connectionSecretRef", secretKeyRef(), badSecretKeyRef()),
      field("spec.stateStore.tableName", Values.sqlTable(), Values.badSqlTable()),
      field("spec.stateStore.maxConnections", Gen.oneOf(Gen.of(1, 32, 1000), Gen.ints(1, 1000)).asObject(),
          Gen.oneOf(Gen.of(0, -1, 1001, Integer.MAX_VALUE), Gen.ints(1001, Integer.MAX_VALUE)).asObject()),
      // secret store
      field("spec.secretStore.name", Gen.oneOf(Values.subdomain(), Gen.constant("kubernetes")),
          Values.badName()),
      field("spec.secretStore.allowedSecrets", listOf(Values.subdomain(), 0, 4), listOf(Values.badName(), 1, 2)),
      // scheduler
      field("spec.scheduler.enabled", bool(), Gen.of("yes", 1)),
      field("spec.scheduler.name", Values.subdomain(), Values.badName()),
      field("spec.scheduler.sweepSchedule", Values.cron(), Values.badCron()),
      // resiliency
      field("spec.resiliency.timeout", Values.duration(), Values.badDuration()),
      field("spec.resiliency.deliveryTimeout", Values.duration(), Values.badDuration()),
      field("spec.resiliency.deliveryMaxRetries", atLeast(0), below(0)),
      field("spec.resiliency.retry.policy", Gen.of("constant", "exponential"), Gen.of("linear", "")),
      field("spec.resiliency.retry.maxRetries", atLeast(-1), below(-1)),
      field("spec.resiliency.retry.maxInterval", Values.duration(), Values.badDuration()),
      field("spec.resiliency.retry.duration", Values.duration(), Values.badDuration()),
      field("spec.resiliency.circuitBreaker.trip", Gen.of("consecutiveFailures > 5", "requests > 3 && x"),
          Gen.of("", " ")),
      field("spec.resiliency.circuitBreaker.timeout", Values.duration(), Values.badDuration()),
      field("spec.resiliency.circuitBreaker.maxRequests", atLeast(1), below(1)),
      // chat: its image and model make a chat valid, so its fields come as one (CHAT below)
      field("spec.chat", chat(), brokenChat()),
      // scopes
      field("spec.scopes", listOf(Values.dnsLabel(63), 0, 5), listOf(Values.badName(), 1, 2)));

  private TodoPlatformFields() {}

  private static Field field(String path, Gen<?> valid, Gen<?> invalid) {
    return new Field(path, valid.asObject(), invalid.asObject());
  }

  private static Gen<String> labelKey() {
    return Gen.oneOf(Values.dnsLabel(20), Values.dnsLabel(10).map(k -> "example.com/" + k));
  }

  private static Gen<Object> envVar() {
    // Names the API server's pod validation may refuse, too: what render and the reconciler let through must apply.
    Gen<String> name = Gen.weighted(List.of(Gen.weight(6, Gen.strings("ABCXYZ_019", 1, 20)),
        Gen.weight(2, Gen.of("JAVA_OPTS", "LOG_LEVEL", "my.var", "1VAR", "-x")),
        Gen.weight(1, Gen.of("a=b", "名前", "my var", "x\ty"))));
    return random -> Map.of("name", name.next(random), "value", Values.hostileString().next(random));
  }

  private static Gen<Object> badEnvVar() {
    return Gen.oneOf(
        Gen.of(AppEnvironment.ALL.toArray(new String[0])).map(n -> Map.of("name", n, "value", "x")),
        Gen.constant(Map.of("value", "no name")),
        Gen.constant(Map.of("name", "", "value", "x")),
        Gen.constant(Map.of("name", " ", "value", "x")));
  }

  private static Gen<Object> secretKeyRef() {
    return random -> Map.of("name", Values.subdomain().next(random), "key", Values.secretKey().next(random));
  }

  private static Gen<Object> badSecretKeyRef() {
    return Gen.oneOf(
        Gen.constant(Map.of()),
        Gen.constant(Map.of("name", "db")),
        Gen.constant(Map.of("key", "url")),
        Values.badName().map(n -> Map.of("name", n, "key", "url")),
        Values.badSecretKey().map(k -> Map.of("name", "db", "key", k)));
  }

  private static Gen<Object> credentials() {
    return random -> {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("name", Values.subdomain().next(random));
      Values.putUnlessNull(ref, "usernameKey", Values.secretKey().orNull(0.5).next(random));
      Values.putUnlessNull(ref, "passwordKey", Values.secretKey().orNull(0.5).next(random));
      return ref;
    };
  }

  /** A chat with its image and model, and each other field at random. */
  private static Gen<Object> chat() {
    return random -> {
      Map<String, Object> chat = new LinkedHashMap<>();
      for (Field field : CHAT) {
        if (field.path().equals("image") || field.path().equals("model") || random.nextInt(3) == 0) {
          PlatformTrees.set(chat, field.segments(), PlatformTrees.copy(field.valid().next(random)));
        }
      }
      return chat;
    };
  }

  /** A chat with one of its fields invalid. */
  private static Gen<Object> brokenChat() {
    Gen<Object> valid = chat();
    return random -> {
      @SuppressWarnings("unchecked")
      Map<String, Object> chat = (Map<String, Object>) valid.next(random);
      Field broken = CHAT.get(random.nextInt(CHAT.size()));
      PlatformTrees.set(chat, broken.segments(), PlatformTrees.copy(broken.invalid().next(random)));
      return chat;
    };
  }

  /**
   * A model each type's rules accept: an endpoint only for openai and ollama, a key for all but echo and ollama (which
   * take none), no model name for echo.
   */
  private static Gen<Object> chatModel() {
    return random -> {
      String type = Gen.of("openai", "anthropic", "googleai", "mistral", "ollama", "echo").next(random);
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("type", type);
      boolean endpoint = type.equals("ollama") || (type.equals("openai") && random.nextBoolean());
      if (endpoint) {
        model.put("endpoint", Gen.of("http://ollama.models:11434/v1", "https://api.cohere.ai/compatibility/v1")
            .next(random));
      }
      if (endpoint && type.equals("openai") || !type.equals("echo") && random.nextBoolean()) {
        model.put("model", Gen.strings("abcdefghij-0123456789", 1, 40).next(random));
      }
      if (!type.equals("echo") && !type.equals("ollama")) {
        model.put("apiKeySecretRef", secretKeyRef().next(random));
      }
      return model;
    };
  }

  private static Gen<Object> badChatModel() {
    return Gen.oneOf(
        Gen.constant(Map.of()),
        Gen.constant(Map.of("type", "gpt")),
        Gen.constant(Map.of("type", "ollama")),
        Gen.constant(Map.of("type", "anthropic")),
        Gen.constant(Map.of("type", "echo", "apiKeySecretRef", Map.of("name", "llm", "key", "apiKey"))),
        Gen.constant(Map.of("type", "mistral", "endpoint", "https://api.mistral.ai",
            "apiKeySecretRef", Map.of("name", "llm", "key", "apiKey"))),
        Gen.constant(Map.of("type", "ollama", "endpoint", "ftp://models:21")),
        Gen.constant(Map.of("type", "ollama", "endpoint", "http://ollama.models:11434/v1",
            "apiKeySecretRef", Map.of("name", "llm", "key", "apiKey"))),
        Gen.constant(Map.of("type", "openai", "endpoint", "https://llm.example.com/v1",
            "apiKeySecretRef", Map.of("name", "llm", "key", "apiKey"))),
        Gen.constant(Map.of("type", "echo", "model", "")),
        Gen.constant(Map.of("type", "echo", "model", "gpt-4o")));
  }

  private static Gen<Object> otlp() {
    return random -> {
      Map<String, Object> otlp = new LinkedHashMap<>();
      otlp.put("endpoint", Values.hostPort().next(random));
      Values.putUnlessNull(otlp, "protocol", Gen.of("grpc", "http").orNull(0.5).next(random));
      Values.putUnlessNull(otlp, "insecure", Gen.of(true, false).orNull(0.5).next(random));
      return otlp;
    };
  }
}
