package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.BackendSpec;
import io.todoplatform.operator.api.v1alpha1.ChatModelSpec;
import io.todoplatform.operator.api.v1alpha1.ChatModelType;
import io.todoplatform.operator.api.v1alpha1.ChatSpec;
import io.todoplatform.operator.api.v1alpha1.DaprSpec;
import io.todoplatform.operator.api.v1alpha1.KafkaAuthSpec;
import io.todoplatform.operator.api.v1alpha1.KafkaCredentialsRef;
import io.todoplatform.operator.api.v1alpha1.Patterns;
import io.todoplatform.operator.api.v1alpha1.PodSpecOverrides;
import io.todoplatform.operator.api.v1alpha1.PubSubSpec;
import io.todoplatform.operator.api.v1alpha1.ResiliencySpec;
import io.todoplatform.operator.api.v1alpha1.SecretKeyRef;
import io.todoplatform.operator.api.v1alpha1.SecretStoreSpec;
import io.todoplatform.operator.api.v1alpha1.StateStoreSpec;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import io.todoplatform.operator.api.v1alpha1.TracingSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Java twin of the CRD's schema and CEL rules: the same checks, for render (which has no API server) and as a
 * guard in the reconciler. Works on a spec with defaults applied ({@link SpecDefaults}).
 */
public final class SpecValidator {
  private static final Set<Integer> SIDECAR_PORTS = Set.of(3500, 50001, 50002);
  private static final Set<String> OPERATOR_LABELS = Set.of(Constants.LABEL_NAME, Constants.LABEL_INSTANCE,
      Constants.LABEL_COMPONENT, Constants.LABEL_PART_OF, Constants.LABEL_MANAGED_BY);

  private static final Pattern QUANTITY = Pattern.compile(Patterns.QUANTITY);
  private static final Pattern ENV_NAME = Pattern.compile(Patterns.ENV_NAME);

  private final List<Violation> violations = new ArrayList<>();

  private SpecValidator() {}

  public static List<Violation> validate(TodoPlatformSpec spec) {
    SpecValidator validator = new SpecValidator();
    validator.spec(spec);
    return List.copyOf(validator.violations);
  }

  private void spec(TodoPlatformSpec spec) {
    if (spec == null) {
      fail("spec", "is required");
      return;
    }
    if (required("spec.backend", spec.getBackend())) {
      backend(spec.getBackend());
    }
    dapr(spec.getDapr());
    if (spec.getBackend() != null && spec.getDapr() != null) {
      ports(spec.getBackend().getPort(), spec.getDapr().getMetricsPort());
    }
    if (required("spec.pubsub", spec.getPubsub())) {
      pubsub(spec.getPubsub());
    }
    if (required("spec.stateStore", spec.getStateStore())) {
      stateStore(spec.getStateStore());
    }
    name("spec.secretStore.name", spec.getSecretStore().getName());
    if (SecretStoreSpec.RESERVED_NAME.equals(spec.getSecretStore().getName())) {
      fail("spec.secretStore.name", SecretStoreSpec.RESERVED_NAME_MESSAGE);
    }
    eachMatches("spec.secretStore.allowedSecrets", spec.getSecretStore().getAllowedSecrets(),
        Patterns.DNS1123_SUBDOMAIN, "must be a Secret name (DNS-1123 subdomain)");
    // The CRD checks these whether or not the scheduler is enabled: so does render.
    name("spec.scheduler.name", spec.getScheduler().getName());
    matches("spec.scheduler.sweepSchedule", spec.getScheduler().getSweepSchedule(), Patterns.CRON_SCHEDULE,
        "must be @every DURATION, @hourly/@daily/..., or 5 or 6 cron fields");
    resiliency(spec.getResiliency());
    if (spec.getChat() != null) {
      chat(spec.getChat(), spec);
    }
    eachMatches("spec.scopes", spec.getScopes(), Patterns.DNS1123_LABEL, "must be a Dapr app-id (DNS-1123 label)");
    distinctComponentNames(spec);
  }

  private void backend(BackendSpec backend) {
    if (backend.getImage() == null || backend.getImage().isEmpty()) {
      fail("spec.backend.image", "is required");
    } else {
      matches("spec.backend.image", backend.getImage(), Patterns.IMAGE,
          "must not begin or end with whitespace");
    }
    if (backend.getReplicas() != null && backend.getReplicas() < 0) {
      fail("spec.backend.replicas", "must be >= 0, got " + backend.getReplicas());
    }
    appId("spec.backend.appId", backend.getAppId());
    port("spec.backend.port", backend.getPort());
    if (backend.getTerminationGracePeriodSeconds() < BackendSpec.MIN_TERMINATION_GRACE_PERIOD_SECONDS) {
      fail("spec.backend.terminationGracePeriodSeconds", "must be >= "
          + BackendSpec.MIN_TERMINATION_GRACE_PERIOD_SECONDS + ", got " + backend.getTerminationGracePeriodSeconds());
    }
    if (backend.getPod() != null) {
      pod("spec.backend.pod", backend.getPod());
    }
    quantities("spec.backend.resources", backend.getResources());
    if (backend.getResources() != null) {
      requestsWithinLimits("spec.backend.resources", backend.getResources());
    }
    List<EnvVar> env = backend.getEnv();
    if (env.size() > BackendSpec.MAX_ENV) {
      fail("spec.backend.env", "must have at most " + BackendSpec.MAX_ENV + " items, got " + env.size());
    }
    for (int i = 0; i < env.size(); i++) {
      String name = env.get(i).getName();
      if (name == null || name.isEmpty()) {
        fail("spec.backend.env[" + i + "].name", "is required");
      } else if (!ENV_NAME.matcher(name).matches()) {
        fail("spec.backend.env[" + i + "].name", "must be printable ASCII characters other than '=', got \"" + name
            + "\"");
      } else if (AppEnvironment.ALL.contains(name)) {
        fail("spec.backend.env[" + i + "].name", name + " is set by the operator from the spec and cannot be overridden");
      }
    }
  }

  private void pod(String path, PodSpecOverrides pod) {
    if (pod.getLabels() != null) {
      pod.getLabels().keySet().stream().filter(OPERATOR_LABELS::contains).sorted().forEach(key ->
          fail(path + ".labels", PodSpecOverrides.OWN_LABELS_MESSAGE + ", got " + key));
    }
    if (pod.getAnnotations() != null) {
      pod.getAnnotations().keySet().stream()
          .filter(key -> key.startsWith("dapr.io/") || key.startsWith("platform.todo.io/")).sorted()
          .forEach(key -> fail(path + ".annotations", PodSpecOverrides.OWN_ANNOTATIONS_MESSAGE + ", got " + key));
      // The one check the CRD cannot make (CEL counts characters, the API server bytes): a pod's annotations may
      // total 256 KiB, the operator's own included, or the Deployment is refused on every apply.
      long bytes = pod.getAnnotations().entrySet().stream()
          .mapToLong(e -> utf8Length(e.getKey()) + utf8Length(e.getValue())).sum();
      if (bytes > PodSpecOverrides.MAX_ANNOTATION_BYTES) {
        fail(path + ".annotations", "must total at most " + PodSpecOverrides.MAX_ANNOTATION_BYTES / 1024
            + " KiB (a pod's annotations may total 256 KiB, the operator's own included), got " + bytes + " bytes");
      }
    }
    if (pod.getPriorityClassName() != null) {
      name(path + ".priorityClassName", pod.getPriorityClassName());
    }
  }

  private static long utf8Length(String text) {
    return text == null ? 0 : text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private void chat(ChatSpec chat, TodoPlatformSpec spec) {
    appId("spec.chat.appId", chat.getAppId());
    if (spec.getBackend() != null && chat.getAppId().equals(spec.getBackend().getAppId())) {
      fail("spec.chat.appId", "must differ from spec.backend.appId (\"" + chat.getAppId()
          + "\"): each app has its own Dapr identity");
    }
    boolean enabled = chat.getEnabled();
    if (chat.getImage() != null ? chat.getImage().isBlank() : enabled) {
      fail("spec.chat.image", "is required unless spec.chat.enabled is false");
    }
    if (chat.getReplicas() != null && chat.getReplicas() < 0) {
      fail("spec.chat.replicas", "must be >= 0, got " + chat.getReplicas());
    }
    port("spec.chat.port", chat.getPort());
    Integer metricsPort = spec.getDapr().getMetricsPort();
    if (SIDECAR_PORTS.contains(chat.getPort()) || chat.getPort().equals(metricsPort)) {
      fail("spec.chat.port", "must differ from the sidecar's ports (3500, 50001, 50002 and dapr.metricsPort "
          + metricsPort + "), got " + chat.getPort());
    }
    quantities("spec.chat.resources", chat.getResources());
    if (chat.getResources() != null) {
      requestsWithinLimits("spec.chat.resources", chat.getResources());
    }
    durationWithin("spec.chat.retention", chat.getRetention(), Duration.ofMinutes(1), Duration.ofHours(87_600),
        ChatSpec.RETENTION_RANGE_MESSAGE);
    durationWithin("spec.chat.modelTimeout", chat.getModelTimeout(), Duration.ofSeconds(1), Duration.ofMinutes(10),
        ChatSpec.MODEL_TIMEOUT_RANGE_MESSAGE);
    if (chat.getMaxToolRounds() < 1 || chat.getMaxToolRounds() > ChatSpec.MAX_TOOL_ROUNDS_LIMIT) {
      fail("spec.chat.maxToolRounds", "must be from 1 to " + ChatSpec.MAX_TOOL_ROUNDS_LIMIT + ", got "
          + chat.getMaxToolRounds());
    }
    if (chat.getPod() != null) {
      pod("spec.chat.pod", chat.getPod());
    }
    if (chat.getModel() != null) {
      model(chat.getModel());
    } else if (enabled) {
      fail("spec.chat.model", "is required unless spec.chat.enabled is false");
    }
  }

  private void model(ChatModelSpec model) {
    ChatModelType type = model.getType();
    if (type == null) {
      fail("spec.chat.model.type", "is required: openai, anthropic, googleai, mistral, ollama or echo");
      return;
    }
    if (model.getEndpoint() != null) {
      matches("spec.chat.model.endpoint", model.getEndpoint(), Patterns.HTTP_URL,
          "must be an http(s) URL without query or fragment");
      if (!type.takesEndpoint()) {
        fail("spec.chat.model.endpoint", ChatModelSpec.ENDPOINT_FORBIDDEN + ", got type " + type.wireValue());
      }
    } else if (type == ChatModelType.OLLAMA) {
      fail("spec.chat.model.endpoint", ChatModelSpec.ENDPOINT_REQUIRED);
    }
    if (model.getModel() != null && (model.getModel().isEmpty() || model.getModel().length() > 200)) {
      fail("spec.chat.model.model", "must be 1 to 200 characters");
    }
    if (model.getModel() != null && type == ChatModelType.ECHO) {
      fail("spec.chat.model.model", ChatModelSpec.MODEL_FORBIDDEN);
    }
    if (model.getModel() == null && type == ChatModelType.OPENAI && model.getEndpoint() != null) {
      fail("spec.chat.model.model", ChatModelSpec.MODEL_REQUIRED);
    }
    if (model.getApiKeySecretRef() != null) {
      secretKey("spec.chat.model.apiKeySecretRef", model.getApiKeySecretRef());
      if (!type.needsApiKey()) {
        fail("spec.chat.model.apiKeySecretRef", ChatModelSpec.KEY_FORBIDDEN + ", got type " + type.wireValue());
      }
    } else if (type.needsApiKey()) {
      fail("spec.chat.model.apiKeySecretRef", ChatModelSpec.KEY_REQUIRED + ", got type " + type.wireValue());
    }
  }

  private void appId(String path, String appId) {
    if (appId.length() > Patterns.APP_ID_MAX_LENGTH) {
      fail(path, "must be at most " + Patterns.APP_ID_MAX_LENGTH
          + " characters (Dapr appends \"-dapr\" for its Service), got " + appId.length());
    }
    // The app-id names the Service too, and a Service name must start with a letter (RFC 1035).
    matches(path, appId, Patterns.DNS1035_LABEL,
        "must be a DNS-1035 label (lower-case letters, digits and '-', starting with a letter and ending"
            + " alphanumeric)");
  }

  private void dapr(DaprSpec dapr) {
    port("spec.dapr.metricsPort", dapr.getMetricsPort());
    quantities("spec.dapr.sidecar.resources", dapr.getSidecar().getResources());
    requestsWithinLimits("spec.dapr.sidecar.resources", dapr.getSidecar().getResources());
    if (dapr.getAppTokenSecretRef() != null) {
      name("spec.dapr.appTokenSecretRef.name", dapr.getAppTokenSecretRef().getName());
    }
    TracingSpec tracing = dapr.getTracing();
    matches("spec.dapr.tracing.samplingRate", tracing.getSamplingRate(), Patterns.SAMPLING_RATE,
        "must be a decimal string from \"0\" to \"1\"");
    if (tracing.getOtlp() != null
        && (tracing.getOtlp().getEndpoint() == null || tracing.getOtlp().getEndpoint().isBlank())) {
      fail("spec.dapr.tracing.otlp.endpoint", "is required");
    }
  }

  private void ports(Integer appPort, Integer metricsPort) {
    if (appPort == null) {
      return;
    }
    if (SIDECAR_PORTS.contains(appPort) || appPort.equals(metricsPort)) {
      fail("spec.backend.port", "must differ from the sidecar's ports (3500, 50001, 50002 and dapr.metricsPort "
          + metricsPort + "), got " + appPort);
    }
  }

  private void pubsub(PubSubSpec pubsub) {
    name("spec.pubsub.name", pubsub.getName());
    if (pubsub.getBrokers().isEmpty()) {
      fail("spec.pubsub.brokers", "must have at least 1 item");
    }
    eachMatches("spec.pubsub.brokers", pubsub.getBrokers(), Patterns.HOST_PORT, "must be host:port");
    KafkaAuthSpec auth = pubsub.getAuth();
    KafkaCredentialsRef credentials = auth.getSecretRef();
    if (auth.getType().needsCredentials() && credentials == null) {
      fail("spec.pubsub.auth.secretRef", "is required unless spec.pubsub.auth.type is none");
    }
    if (credentials != null) {
      name("spec.pubsub.auth.secretRef.name", credentials.getName());
      matches("spec.pubsub.auth.secretRef.usernameKey", credentials.getUsernameKey(), Patterns.SECRET_KEY,
          "must be a Secret key");
      matches("spec.pubsub.auth.secretRef.passwordKey", credentials.getPasswordKey(), Patterns.SECRET_KEY,
          "must be a Secret key");
    }
    if (pubsub.getTls().getCaSecretRef() != null) {
      secretKey("spec.pubsub.tls.caSecretRef", pubsub.getTls().getCaSecretRef());
    }
    duration("spec.pubsub.initTimeout", pubsub.getInitTimeout());
    if (pubsub.getConsumerGroup() != null) {
      name("spec.pubsub.consumerGroup", pubsub.getConsumerGroup());
    }
    topic("spec.pubsub.topics.taskEvents", pubsub.getTopics().getTaskEvents());
    topic("spec.pubsub.topics.taskUpdates", pubsub.getTopics().getTaskUpdates());
    topic("spec.pubsub.topics.reminders", pubsub.getTopics().getReminders());
    topic("spec.pubsub.deadLetterTopic", pubsub.getDeadLetterTopic());
    if (List.of(pubsub.getTopics().getTaskEvents(), pubsub.getTopics().getTaskUpdates(),
        pubsub.getTopics().getReminders()).contains(pubsub.getDeadLetterTopic())) {
      fail("spec.pubsub.deadLetterTopic", PubSubSpec.DEAD_LETTER_TOPIC_MESSAGE + ", got \""
          + pubsub.getDeadLetterTopic() + "\"");
    }
    if (pubsub.getConsumerRetries() < -1) {
      fail("spec.pubsub.consumerRetries", "must be >= -1 (-1 retries forever), got " + pubsub.getConsumerRetries());
    }
  }

  private void stateStore(StateStoreSpec state) {
    name("spec.stateStore.name", state.getName());
    if (required("spec.stateStore.connectionSecretRef", state.getConnectionSecretRef())) {
      secretKey("spec.stateStore.connectionSecretRef", state.getConnectionSecretRef());
    }
    matches("spec.stateStore.tableName", state.getTableName(), Patterns.SQL_TABLE,
        "must be a PostgreSQL identifier, optionally schema-qualified");
    Integer maxConnections = state.getMaxConnections();
    if (maxConnections != null && (maxConnections < StateStoreSpec.MIN_MAX_CONNECTIONS
        || maxConnections > StateStoreSpec.MAX_MAX_CONNECTIONS)) {
      fail("spec.stateStore.maxConnections", "must be between " + StateStoreSpec.MIN_MAX_CONNECTIONS + " and "
          + StateStoreSpec.MAX_MAX_CONNECTIONS + ", got " + maxConnections);
    }
  }

  private void resiliency(ResiliencySpec resiliency) {
    duration("spec.resiliency.timeout", resiliency.getTimeout());
    duration("spec.resiliency.deliveryTimeout", resiliency.getDeliveryTimeout());
    if (resiliency.getDeliveryMaxRetries() < 0) {
      fail("spec.resiliency.deliveryMaxRetries", "must be >= 0, got " + resiliency.getDeliveryMaxRetries());
    }
    if (resiliency.getRetry().getMaxRetries() < -1) {
      fail("spec.resiliency.retry.maxRetries", "must be >= -1 (-1 retries forever), got "
          + resiliency.getRetry().getMaxRetries());
    }
    duration("spec.resiliency.retry.maxInterval", resiliency.getRetry().getMaxInterval());
    duration("spec.resiliency.retry.duration", resiliency.getRetry().getDuration());
    if (resiliency.getCircuitBreaker().getTrip().isBlank()) {
      fail("spec.resiliency.circuitBreaker.trip", "must not be empty");
    }
    duration("spec.resiliency.circuitBreaker.timeout", resiliency.getCircuitBreaker().getTimeout());
    if (resiliency.getCircuitBreaker().getMaxRequests() < 1) {
      fail("spec.resiliency.circuitBreaker.maxRequests", "must be >= 1");
    }
  }

  private void distinctComponentNames(TodoPlatformSpec spec) {
    Map<String, String> pathByName = new LinkedHashMap<>();
    claim(pathByName, "spec.pubsub.name", spec.getPubsub() == null ? null : spec.getPubsub().getName());
    claim(pathByName, "spec.stateStore.name", spec.getStateStore() == null ? null : spec.getStateStore().getName());
    claim(pathByName, "spec.secretStore.name", spec.getSecretStore().getName());
    if (spec.getScheduler().getEnabled()) {
      claim(pathByName, "spec.scheduler.name", spec.getScheduler().getName());
    }
    if (spec.getChat() != null && spec.getChat().getAppId() != null) {
      String model = spec.getChat().getAppId() + ChatSpec.MODEL_COMPONENT_SUFFIX;
      String earlier = pathByName.get(model);
      if (earlier != null) {
        fail("spec.chat.appId", "the chat model's Component is named \"" + model + "\" after it, which is already"
            + " the name of " + earlier + "; component names must differ");
      }
    }
  }

  private void claim(Map<String, String> pathByName, String path, String name) {
    if (name == null) {
      return;
    }
    String earlier = pathByName.putIfAbsent(name, path);
    if (earlier != null) {
      fail(path, "\"" + name + "\" is already the name of " + earlier + "; component names must differ");
    }
  }

  private void quantities(String path, ResourceRequirements resources) {
    if (resources == null) {
      return;
    }
    quantityMap(path + ".requests", resources.getRequests());
    quantityMap(path + ".limits", resources.getLimits());
  }

  private void quantityMap(String path, Map<String, Quantity> quantities) {
    if (quantities == null) {
      return;
    }
    quantities.forEach((resource, quantity) -> {
      BigDecimal amount = amount(quantity);
      if (amount == null) {
        fail(path + "." + resource, "\"" + quantity + "\" is not a valid quantity (e.g. 100m, 0.5, 128Mi, 1Gi)");
      } else if (amount.signum() < 0) {
        fail(path + "." + resource, "must not be negative, got " + quantity);
      }
    });
  }

  private void requestsWithinLimits(String path, ResourceRequirements resources) {
    if (resources.getRequests() == null || resources.getLimits() == null) {
      return;
    }
    resources.getRequests().forEach((resource, request) -> {
      Quantity limit = resources.getLimits().get(resource);
      BigDecimal requested = amount(request);
      BigDecimal limited = limit == null ? null : amount(limit);
      if (requested != null && limited != null && requested.compareTo(limited) > 0) {
        fail(path + ".requests." + resource, "must not exceed the limit " + limit + ", got " + request);
      }
    });
  }

  /** The amount, or null unless the API server's grammar accepts the text too. */
  private static BigDecimal amount(Quantity quantity) {
    if (quantity == null || !QUANTITY.matcher(quantity.toString()).matches()) {
      return null;
    }
    try {
      return quantity.getNumericalAmount();
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  private void secretKey(String path, SecretKeyRef ref) {
    name(path + ".name", ref.getName());
    if (ref.getKey() == null) {
      fail(path + ".key", "is required");
    } else {
      matches(path + ".key", ref.getKey(), Patterns.SECRET_KEY, "must be a Secret key");
    }
  }

  private void name(String path, String value) {
    if (value == null) {
      fail(path, "is required");
      return;
    }
    matches(path, value, Patterns.DNS1123_SUBDOMAIN,
        "must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')");
  }

  private void topic(String path, String value) {
    matches(path, value, Patterns.KAFKA_TOPIC, "must be a Kafka topic name (letters, digits, '.', '_', '-')");
  }

  private void duration(String path, String value) {
    matches(path, value, Patterns.GO_DURATION, "must be a duration such as 500ms, 5s, 1m30s");
  }

  private void durationWithin(String path, String value, Duration min, Duration max, String rangeMessage) {
    if (value == null || !Pattern.compile(Patterns.GO_DURATION).matcher(value).matches()) {
      duration(path, value);
      return;
    }
    Duration parsed;
    try {
      parsed = GoDurations.parse(value);
    } catch (ArithmeticException tooLong) {
      parsed = null;
    }
    if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      fail(path, rangeMessage + ", got \"" + value + "\"");
    }
  }

  private void port(String path, Integer port) {
    if (port != null && (port < 1 || port > 65535)) {
      fail(path, "must be between 1 and 65535, got " + port);
    }
  }

  private void eachMatches(String path, List<String> values, String regex, String message) {
    for (int i = 0; i < values.size(); i++) {
      matches(path + "[" + i + "]", values.get(i), regex, message);
    }
  }

  private void matches(String path, String value, String regex, String message) {
    if (value == null) {
      fail(path, "is required");
    } else if (!Pattern.compile(regex).matcher(value).matches()) {
      fail(path, message + ", got \"" + value + "\"");
    }
  }

  private boolean required(String path, Object value) {
    if (value == null) {
      fail(path, "is required");
      return false;
    }
    return true;
  }

  private void fail(String path, String message) {
    violations.add(new Violation(path, message));
  }
}
