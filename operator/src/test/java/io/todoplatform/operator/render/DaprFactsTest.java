package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.KafkaAuthType;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.Metadata;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.Tracing;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.Targets;
import io.todoplatform.operator.dapr.v1alpha1.resiliencyspec.policies.Retries;
import io.todoplatform.operator.support.Samples;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test per item of "Things commonly done wrong" in shared/dapr/FACTS.md that rendering can get wrong, named
 * after it. (Items 4, 5, 6 and 9 are about the app's calls to Dapr and are tested in todo-app.)
 */
class DaprFactsTest {

  @Test
  void fact1_noSchedulerKubernetesComponent_theSweepIsARealBindingsCron() {
    DesiredState state = render(Samples.production());
    assertThat(state.components()).extracting(c -> c.getSpec().getType())
        .containsExactlyInAnyOrder("secretstores.kubernetes", "pubsub.kafka", "state.postgresql", "bindings.cron",
            "conversation.openai")
        .doesNotContain("scheduler.kubernetes");
  }

  @ParameterizedTest
  @EnumSource(value = KafkaAuthType.class, names = {"SCRAM_SHA_256", "SCRAM_SHA_512"})
  void fact2_kafkaScramMechanismIsExactlySha256OrSha512(KafkaAuthType type) {
    TodoPlatform platform = Samples.production();
    platform.getSpec().getPubsub().getAuth().setType(type);
    Map<String, Object> metadata = metadata(render(platform).component("kafka-pubsub").orElseThrow());
    assertThat(metadata.get("saslMechanism"))
        .isEqualTo(type == KafkaAuthType.SCRAM_SHA_256 ? "SHA-256" : "SHA-512");
    assertThat(metadata.get("authType")).isEqualTo("password");
    assertThat(metadata.get("saslUsername")).isEqualTo(secretKeyRef("kafka-secrets", "username"));
    assertThat(metadata.get("saslPassword")).isEqualTo(secretKeyRef("kafka-secrets", "password"));
  }

  @Test
  void fact3_kafkaComponentHasNoRetryKeys_retriesLiveInTheResiliency_theConsumersOwnRetriesAreBounded() {
    DesiredState state = render(Samples.production());
    Map<String, Object> kafka = metadata(state.component("kafka-pubsub").orElseThrow());
    assertThat(kafka).doesNotContainKeys("maxRetries", "retryBackoff");
    // Dapr's default (backOffMaxRetries -1) retries a failing event forever and blocks its partition.
    assertThat(kafka).containsEntry("backOffPolicy", "constant").containsEntry("backOffDuration", "5s")
        .containsEntry("backOffMaxRetries", "10");
    Targets targets = state.resiliency().getSpec().getTargets();
    assertThat(targets.getComponents().keySet()).containsExactlyInAnyOrder("kafka-pubsub", "statestore");
    assertThat(targets.getComponents().get("kafka-pubsub").getOutbound()).isNotNull();
    assertThat(targets.getComponents().get("kafka-pubsub").getInbound()).isNotNull();
    Retries retry = state.resiliency().getSpec().getPolicies().getRetries().get("retry");
    assertThat(retry.getPolicy()).isEqualTo("exponential");
    assertThat(retry.getMaxRetries()).isEqualTo(5L);
    assertThat(retry.getMaxInterval()).isEqualTo("10s");
    assertThat(retry.getDuration()).isNull();
  }

  @Test
  void serviceInvocationIntoTheBackendIsNeverRetried_aRepeatedPostCouldCreateATaskTwice() {
    var app = render(Samples.production()).resiliency().getSpec().getTargets().getApps().get("backend");
    assertThat(app.getRetry()).isNull();
    assertThat(app.getTimeout()).isEqualTo(ResiliencyRenderer.TIMEOUT);
    assertThat(app.getCircuitBreaker()).isEqualTo(ResiliencyRenderer.CIRCUIT_BREAKER);
  }

  @Test
  void deliveriesToTheBackendHaveTheirOwnTimeoutAndBoundedRetries_thenTheDeadLetterTopic() {
    TodoPlatform platform = Samples.production();
    platform.getSpec().getResiliency().getRetry().setMaxRetries(-1);
    var spec = render(platform).resiliency().getSpec();
    var inbound = spec.getTargets().getComponents().get("kafka-pubsub").getInbound();
    assertThat(inbound.getTimeout()).isEqualTo(ResiliencyRenderer.DELIVERY);
    assertThat(inbound.getRetry()).isEqualTo(ResiliencyRenderer.DELIVERY);
    assertThat(inbound.getCircuitBreaker()).as("an open breaker would dead-letter every event").isNull();
    assertThat(spec.getPolicies().getTimeouts()).containsEntry(ResiliencyRenderer.DELIVERY, "60s")
        .containsEntry(ResiliencyRenderer.TIMEOUT, "3s");
    assertThat(spec.getPolicies().getRetries().get(ResiliencyRenderer.DELIVERY).getMaxRetries())
        .as("bounded even when the publishing retries are not").isEqualTo(3L);
    assertThat(render(platform).deployment().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0)
        .getEnv()).filteredOn(e -> e.getName().equals("TOPIC_DEAD_LETTERS")).singleElement()
        .satisfies(e -> assertThat(e.getValue()).isEqualTo("task-deadletters"));
  }

  @Test
  void tlsIsOnByDefaultWheneverTheBrokerGetsCredentials_offOnlyWhenSaidOrWithoutAuth() {
    TodoPlatform scram = Samples.production();
    scram.getSpec().getPubsub().setTls(null);
    assertThat(metadata(render(scram).component("kafka-pubsub").orElseThrow())).containsEntry("disableTls", "false");
    scram.getSpec().getPubsub().setTls(new io.todoplatform.operator.api.v1alpha1.KafkaTlsSpec());
    scram.getSpec().getPubsub().getTls().setEnabled(false);
    assertThat(metadata(render(scram).component("kafka-pubsub").orElseThrow())).containsEntry("disableTls", "true");
    assertThat(metadata(render(Samples.minimal()).component("kafka-pubsub").orElseThrow()))
        .as("auth none: an in-cluster development broker").containsEntry("disableTls", "true");
  }

  @Test
  void metricsAreSwitchedThroughSpecMetrics_whichDaprAppliesOverTheOlderSpecMetric() {
    TodoPlatform platform = Samples.production();
    platform.getSpec().getDapr().setEnableMetrics(false);
    var configuration = render(platform).configuration().getSpec();
    assertThat(configuration.getMetrics().getEnabled()).isFalse();
    assertThat(configuration.getMetric()).isNull();
  }

  @Test
  void stateStoreGetsOnlyATimeout_becauseEtagConflictsAreAnswersNotFailures() {
    var state = render(Samples.production()).resiliency().getSpec().getTargets().getComponents().get("statestore");
    assertThat(state.getInbound()).isNull();
    assertThat(state.getOutbound().getTimeout()).isEqualTo(ResiliencyRenderer.TIMEOUT);
    assertThat(state.getOutbound().getRetry()).isNull();
    assertThat(state.getOutbound().getCircuitBreaker()).isNull();
  }

  @Test
  void fact7_scopesIsATopLevelFieldOfEveryComponent_notInsideSpec() {
    DesiredState state = render(Samples.production());
    for (Component component : state.components()) {
      assertThat(component.getScopes()).as(component.getMetadata().getName()).isNotEmpty();
    }
    // chat-api (spec.chat) uses the state and secret stores, never the pub/sub; its model's component is its alone.
    assertThat(state.component("kafka-pubsub").orElseThrow().getScopes()).containsExactly("backend");
    assertThat(state.component("statestore").orElseThrow().getScopes()).containsExactly("backend", "chat-api");
    assertThat(state.component("kubernetes-secrets").orElseThrow().getScopes()).containsExactly("backend", "chat-api");
    assertThat(state.component("chat-api-model").orElseThrow().getScopes()).containsExactly("chat-api");
    // The sweep is the backend's route alone: another app in scopes would receive its POSTs.
    assertThat(state.component("scheduler").orElseThrow().getScopes()).containsExactly("backend");
  }

  @Test
  void fact8_noSharedConsumerGroupUnlessTheSpecSetsOne() {
    TodoPlatform platform = Samples.production();
    assertThat(metadata(render(platform).component("kafka-pubsub").orElseThrow())).doesNotContainKey("consumerGroup");
    platform.getSpec().getPubsub().setConsumerGroup("todo-backend");
    assertThat(metadata(render(platform).component("kafka-pubsub").orElseThrow()))
        .containsEntry("consumerGroup", "todo-backend");
  }

  @Test
  void fact9_theAppsRoleReadsExactlyTheAllowedSecretsByName() {
    DesiredState state = render(Samples.production());
    var rules = state.secretReaderRole().orElseThrow().getRules();
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).getResources()).containsExactly("secrets");
    assertThat(rules.get(0).getVerbs()).containsExactly("get");
    assertThat(rules.get(0).getResourceNames()).containsExactly("todo-auth");
    // chat-api's Role: the JWT secret only; the model's key is resolved by the Dapr operator, never by the pod.
    var chatRules = state.chat().orElseThrow().secretReaderRole().getRules();
    assertThat(chatRules).hasSize(1);
    assertThat(chatRules.get(0).getVerbs()).containsExactly("get");
    assertThat(chatRules.get(0).getResourceNames()).containsExactly("todo-auth");
  }

  @Test
  void fact10_postgresqlV1TableDefaultsToState_notDaprState() {
    Component state = render(Samples.minimal()).component("statestore").orElseThrow();
    assertThat(state.getSpec().getType()).isEqualTo("state.postgresql");
    assertThat(state.getSpec().getVersion()).isEqualTo("v1");
    assertThat(metadata(state)).containsEntry("tableName", "state");
  }

  @Test
  void fact10b_thePostgresqlPoolIsDaprsDefaultUnlessTheSpecSizesIt() {
    TodoPlatform platform = Samples.minimal();
    assertThat(metadata(render(platform).component("statestore").orElseThrow())).doesNotContainKey("maxConns");
    platform.getSpec().getStateStore().setMaxConnections(32);
    assertThat(metadata(render(platform).component("statestore").orElseThrow())).containsEntry("maxConns", "32");
  }

  @Test
  void fact11_aChangeToAnyDaprResourceRollsThePods_aReplicaChangeDoesNot() {
    TodoPlatform platform = Samples.production();
    String before = hash(render(platform).deployment());
    platform.getSpec().getBackend().setReplicas(7);
    assertThat(hash(render(platform).deployment())).as("replicas only").isEqualTo(before);
    platform.getSpec().getResiliency().setTimeout("9s");
    assertThat(hash(render(platform).deployment())).as("resiliency changed").isNotEqualTo(before);
    platform = Samples.production();
    platform.getSpec().getPubsub().setBrokers(List.of("other-broker:9092"));
    assertThat(hash(render(platform).deployment())).as("component changed").isNotEqualTo(before);
    platform = Samples.production();
    platform.getSpec().getDapr().getTracing().setSamplingRate("0.5");
    assertThat(hash(render(platform).deployment())).as("configuration changed").isNotEqualTo(before);
  }

  @Test
  void fact12_cronBindingHasDirectionInput() {
    Component cron = render(Samples.production()).component("scheduler").orElseThrow();
    assertThat(metadata(cron)).containsEntry("direction", "input").containsEntry("schedule", "@every 1m");
  }

  @Test
  void componentSecretsAreResolvedByDaprsBuiltInKubernetesStore_notTheAppsServiceAccount() {
    DesiredState state = render(Samples.production());
    for (String name : List.of("kafka-pubsub", "statestore")) {
      assertThat(state.component(name).orElseThrow().getAuth().getSecretStore())
          .isEqualTo(Constants.DAPR_BUILTIN_KUBERNETES_STORE);
    }
    assertThat(state.secretReaderRole().orElseThrow().getRules().get(0).getResourceNames())
        .doesNotContain("kafka-secrets", "neon-db");
  }

  @Test
  void sidecarAnnotationsAreOnThePodTemplate_notTheDeployment() {
    Deployment deployment = render(Samples.production()).deployment().orElseThrow();
    assertThat(deployment.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("dapr.io/enabled", "true")
        .containsEntry("dapr.io/app-id", "backend")
        .containsEntry("dapr.io/app-port", "8000")
        .containsEntry("dapr.io/config", "backend-config")
        .containsEntry("dapr.io/app-token-secret", "todo-app-token")
        .containsEntry("dapr.io/sidecar-memory-limit", "256Mi");
  }

  @Test
  void otelIsSecureIsAlwaysWritten_becauseDaprDefaultsItToTrue() {
    Tracing tracing = render(Samples.production()).configuration().getSpec().getTracing();
    assertThat(tracing.getOtel().getIsSecure()).isFalse();
    assertThat(tracing.getSamplingRate()).isEqualTo("0.25");
  }

  private static DesiredState render(TodoPlatform platform) {
    return TodoPlatformRenderer.render(platform, RenderOptions.kubernetes());
  }

  private static String hash(Optional<Deployment> deployment) {
    return deployment.orElseThrow().getSpec().getTemplate().getMetadata().getAnnotations()
        .get(Constants.ANNOTATION_DAPR_RESOURCES_HASH);
  }

  private static Map<String, String> secretKeyRef(String name, String key) {
    return Map.of("name", name, "key", key);
  }

  /** name -> value, or name -> {name, key} of its secretKeyRef. */
  static Map<String, Object> metadata(Component component) {
    Map<String, Object> byName = new LinkedHashMap<>();
    for (Metadata item : component.getSpec().getMetadata()) {
      byName.put(item.getName(), item.getValue() != null ? item.getValue().getValue()
          : secretKeyRef(item.getSecretKeyRef().getName(), item.getSecretKeyRef().getKey()));
    }
    return byName;
  }
}
