package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.api.v1alpha1.BackendSpec;
import io.todoplatform.operator.api.v1alpha1.ChatSpec;
import io.todoplatform.operator.api.v1alpha1.CircuitBreakerSpec;
import io.todoplatform.operator.api.v1alpha1.DaprSpec;
import io.todoplatform.operator.api.v1alpha1.InitialOffset;
import io.todoplatform.operator.api.v1alpha1.KafkaAuthSpec;
import io.todoplatform.operator.api.v1alpha1.KafkaAuthType;
import io.todoplatform.operator.api.v1alpha1.KafkaCredentialsRef;
import io.todoplatform.operator.api.v1alpha1.KafkaTlsSpec;
import io.todoplatform.operator.api.v1alpha1.LogLevel;
import io.todoplatform.operator.api.v1alpha1.OtlpProtocol;
import io.todoplatform.operator.api.v1alpha1.PubSubSpec;
import io.todoplatform.operator.api.v1alpha1.ResiliencySpec;
import io.todoplatform.operator.api.v1alpha1.RetryPolicyType;
import io.todoplatform.operator.api.v1alpha1.RetrySpec;
import io.todoplatform.operator.api.v1alpha1.SchedulerSpec;
import io.todoplatform.operator.api.v1alpha1.SecretStoreSpec;
import io.todoplatform.operator.api.v1alpha1.SidecarSpec;
import io.todoplatform.operator.api.v1alpha1.StateStoreSpec;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import io.todoplatform.operator.api.v1alpha1.TopicsSpec;
import io.todoplatform.operator.api.v1alpha1.TracingSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Fills in every default: the ones the CRD schema declares (so rendering offline gives what the API server's
 * defaulting would; CrdKubeApiServerIT compares them field by field), plus five the schema cannot express or leaves
 * unset: backend.env ([]), dapr.sidecar.resources (per quantity), secretStore.allowedSecrets ([todo-auth]),
 * scopes ([]) and pubsub.tls.enabled (on when the broker needs credentials). Works on a copy: the caller's object is never changed.
 */
public final class SpecDefaults {
  static final Map<String, String> SIDECAR_REQUESTS =
      Map.of("cpu", SidecarSpec.DEFAULT_CPU_REQUEST, "memory", SidecarSpec.DEFAULT_MEMORY_REQUEST);
  static final Map<String, String> SIDECAR_LIMITS =
      Map.of("cpu", SidecarSpec.DEFAULT_CPU_LIMIT, "memory", SidecarSpec.DEFAULT_MEMORY_LIMIT);

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private SpecDefaults() {}

  public static TodoPlatform withDefaults(TodoPlatform source) {
    TodoPlatform copy = SERIALIZATION.clone(source);
    if (copy.getSpec() == null) {
      return copy;
    }
    apply(copy.getSpec());
    return copy;
  }

  static void apply(TodoPlatformSpec spec) {
    if (spec.getBackend() != null) {
      backend(spec.getBackend());
    }
    dapr(orNew(spec.getDapr(), DaprSpec::new, spec::setDapr));
    if (spec.getPubsub() != null) {
      pubsub(spec.getPubsub());
    }
    if (spec.getStateStore() != null) {
      StateStoreSpec state = spec.getStateStore();
      state.setName(or(state.getName(), StateStoreSpec.DEFAULT_NAME));
      state.setTableName(or(state.getTableName(), StateStoreSpec.DEFAULT_TABLE_NAME));
    }
    SecretStoreSpec secrets = orNew(spec.getSecretStore(), SecretStoreSpec::new, spec::setSecretStore);
    secrets.setName(or(secrets.getName(), SecretStoreSpec.DEFAULT_NAME));
    secrets.setAllowedSecrets(or(secrets.getAllowedSecrets(), new ArrayList<>(SecretStoreSpec.DEFAULT_ALLOWED_SECRETS)));
    SchedulerSpec scheduler = orNew(spec.getScheduler(), SchedulerSpec::new, spec::setScheduler);
    scheduler.setEnabled(or(scheduler.getEnabled(), true));
    scheduler.setName(or(scheduler.getName(), SchedulerSpec.DEFAULT_NAME));
    scheduler.setSweepSchedule(or(scheduler.getSweepSchedule(), SchedulerSpec.DEFAULT_SWEEP_SCHEDULE));
    resiliency(orNew(spec.getResiliency(), ResiliencySpec::new, spec::setResiliency));
    if (spec.getChat() != null) {
      chat(spec.getChat());
    }
    spec.setScopes(or(spec.getScopes(), new ArrayList<>()));
  }

  private static void chat(ChatSpec chat) {
    // replicas stays unset when left out, as the backend's.
    chat.setEnabled(or(chat.getEnabled(), true));
    chat.setAppId(or(chat.getAppId(), ChatSpec.DEFAULT_APP_ID));
    chat.setPort(or(chat.getPort(), ChatSpec.DEFAULT_PORT));
    chat.setScrubPii(or(chat.getScrubPii(), false));
    chat.setRetention(or(chat.getRetention(), ChatSpec.DEFAULT_RETENTION));
    chat.setMaxToolRounds(or(chat.getMaxToolRounds(), ChatSpec.DEFAULT_MAX_TOOL_ROUNDS));
    chat.setModelTimeout(or(chat.getModelTimeout(), ChatSpec.DEFAULT_MODEL_TIMEOUT));
  }

  private static void backend(BackendSpec backend) {
    // replicas stays unset when left out: then someone else (an autoscaler) owns the Deployment's replicas.
    backend.setAppId(or(backend.getAppId(), BackendSpec.DEFAULT_APP_ID));
    backend.setPort(or(backend.getPort(), BackendSpec.DEFAULT_PORT));
    backend.setEnv(or(backend.getEnv(), new ArrayList<>()));
    backend.setTerminationGracePeriodSeconds(or(backend.getTerminationGracePeriodSeconds(),
        BackendSpec.DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS));
  }

  private static void dapr(DaprSpec dapr) {
    dapr.setLogLevel(or(dapr.getLogLevel(), LogLevel.INFO));
    dapr.setLogAsJson(or(dapr.getLogAsJson(), false));
    dapr.setEnableMetrics(or(dapr.getEnableMetrics(), true));
    dapr.setMetricsPort(or(dapr.getMetricsPort(), DaprSpec.DEFAULT_METRICS_PORT));
    SidecarSpec sidecar = orNew(dapr.getSidecar(), SidecarSpec::new, dapr::setSidecar);
    sidecar.setResources(sidecarResources(sidecar.getResources()));
    TracingSpec tracing = orNew(dapr.getTracing(), TracingSpec::new, dapr::setTracing);
    tracing.setSamplingRate(or(tracing.getSamplingRate(), TracingSpec.DEFAULT_SAMPLING_RATE));
    if (tracing.getOtlp() != null) {
      tracing.getOtlp().setProtocol(or(tracing.getOtlp().getProtocol(), OtlpProtocol.GRPC));
      tracing.getOtlp().setInsecure(or(tracing.getOtlp().getInsecure(), false));
    }
  }

  /** Each of the four sidecar quantities left out takes the design notes' value. */
  private static ResourceRequirements sidecarResources(ResourceRequirements given) {
    ResourceRequirements resources = given == null ? new ResourceRequirements() : given;
    resources.setRequests(withMissing(resources.getRequests(), SIDECAR_REQUESTS));
    resources.setLimits(withMissing(resources.getLimits(), SIDECAR_LIMITS));
    return resources;
  }

  private static Map<String, Quantity> withMissing(Map<String, Quantity> given, Map<String, String> defaults) {
    Map<String, Quantity> merged = given == null ? new HashMap<>() : new HashMap<>(given);
    defaults.forEach((name, value) -> merged.putIfAbsent(name, new Quantity(value)));
    return merged;
  }

  private static void pubsub(PubSubSpec pubsub) {
    pubsub.setName(or(pubsub.getName(), PubSubSpec.DEFAULT_NAME));
    pubsub.setBrokers(or(pubsub.getBrokers(), new ArrayList<>()));
    KafkaAuthSpec auth = orNew(pubsub.getAuth(), KafkaAuthSpec::new, pubsub::setAuth);
    auth.setType(or(auth.getType(), KafkaAuthType.NONE));
    KafkaCredentialsRef credentials = auth.getSecretRef();
    if (credentials != null) {
      credentials.setUsernameKey(or(credentials.getUsernameKey(), KafkaCredentialsRef.DEFAULT_USERNAME_KEY));
      credentials.setPasswordKey(or(credentials.getPasswordKey(), KafkaCredentialsRef.DEFAULT_PASSWORD_KEY));
    }
    KafkaTlsSpec tls = orNew(pubsub.getTls(), KafkaTlsSpec::new, pubsub::setTls);
    // Secure by default: whoever sends credentials gets TLS unless the spec explicitly says false.
    tls.setEnabled(or(tls.getEnabled(), auth.getType().needsCredentials()));
    pubsub.setInitialOffset(or(pubsub.getInitialOffset(), InitialOffset.NEWEST));
    pubsub.setInitTimeout(or(pubsub.getInitTimeout(), PubSubSpec.DEFAULT_INIT_TIMEOUT));
    pubsub.setDeadLetterTopic(or(pubsub.getDeadLetterTopic(), PubSubSpec.DEFAULT_DEAD_LETTER_TOPIC));
    pubsub.setConsumerRetries(or(pubsub.getConsumerRetries(), PubSubSpec.DEFAULT_CONSUMER_RETRIES));
    TopicsSpec topics = orNew(pubsub.getTopics(), TopicsSpec::new, pubsub::setTopics);
    topics.setTaskEvents(or(topics.getTaskEvents(), TopicsSpec.DEFAULT_TASK_EVENTS));
    topics.setTaskUpdates(or(topics.getTaskUpdates(), TopicsSpec.DEFAULT_TASK_UPDATES));
    topics.setReminders(or(topics.getReminders(), TopicsSpec.DEFAULT_REMINDERS));
  }

  private static void resiliency(ResiliencySpec resiliency) {
    resiliency.setTimeout(or(resiliency.getTimeout(), ResiliencySpec.DEFAULT_TIMEOUT));
    resiliency.setDeliveryTimeout(or(resiliency.getDeliveryTimeout(), ResiliencySpec.DEFAULT_DELIVERY_TIMEOUT));
    resiliency.setDeliveryMaxRetries(or(resiliency.getDeliveryMaxRetries(),
        ResiliencySpec.DEFAULT_DELIVERY_MAX_RETRIES));
    RetrySpec retry = orNew(resiliency.getRetry(), RetrySpec::new, resiliency::setRetry);
    retry.setPolicy(or(retry.getPolicy(), RetryPolicyType.EXPONENTIAL));
    retry.setMaxRetries(or(retry.getMaxRetries(), RetrySpec.DEFAULT_MAX_RETRIES));
    retry.setMaxInterval(or(retry.getMaxInterval(), RetrySpec.DEFAULT_MAX_INTERVAL));
    retry.setDuration(or(retry.getDuration(), RetrySpec.DEFAULT_DURATION));
    CircuitBreakerSpec breaker =
        orNew(resiliency.getCircuitBreaker(), CircuitBreakerSpec::new, resiliency::setCircuitBreaker);
    breaker.setTrip(or(breaker.getTrip(), CircuitBreakerSpec.DEFAULT_TRIP));
    breaker.setTimeout(or(breaker.getTimeout(), CircuitBreakerSpec.DEFAULT_TIMEOUT));
    breaker.setMaxRequests(or(breaker.getMaxRequests(), CircuitBreakerSpec.DEFAULT_MAX_REQUESTS));
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static <T> T orNew(T value, Supplier<T> factory, Consumer<T> setter) {
    if (value != null) {
      return value;
    }
    T created = factory.get();
    setter.accept(created);
    return created;
  }
}
