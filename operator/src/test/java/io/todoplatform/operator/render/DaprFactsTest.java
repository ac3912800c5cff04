package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.KafkaAuthType;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.support.Samples;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
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
    assertThat(state.components()).extracting(c -> type(c))
        .containsExactlyInAnyOrder("secretstores.kubernetes", "pubsub.kafka", "state.postgresql", "bindings.cron")
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
    assertThat(metadata.get("saslUsername")).isEqualTo(Map.of("secretKeyRef", Map.of("name", "kafka-secrets", "key", "username")));
    assertThat(metadata.get("saslPassword")).isEqualTo(Map.of("secretKeyRef", Map.of("name", "kafka-secrets", "key", "password")));
  }

  @Test
  void fact3_kafkaComponentHasNoRetryKeys_retriesLiveInTheResiliency() {
    DesiredState state = render(Samples.production());
    assertThat(metadata(state.component("kafka-pubsub").orElseThrow()))
        .doesNotContainKeys("maxRetries", "retryBackoff", "backOffMaxRetries");
    @SuppressWarnings("unchecked")
    Map<String, Object> targets = (Map<String, Object>) DaprResources.spec(state.resiliency()).get("targets");
    @SuppressWarnings("unchecked")
    Map<String, Object> components = (Map<String, Object>) targets.get("components");
    assertThat(components.keySet()).containsExactlyInAnyOrder("kafka-pubsub", "statestore");
    assertThat(((Map<?, ?>) components.get("kafka-pubsub")).keySet()).isEqualTo(java.util.Set.of("outbound", "inbound"));
    @SuppressWarnings("unchecked")
    Map<String, Object> policies = (Map<String, Object>) DaprResources.spec(state.resiliency()).get("policies");
    assertThat(((Map<?, ?>) policies.get("retries")).get("retry"))
        .isEqualTo(Map.of("policy", "exponential", "maxRetries", 5, "maxInterval", "10s"));
  }

  @Test
  void stateStoreGetsOnlyATimeout_becauseEtagConflictsAreAnswersNotFailures() {
    @SuppressWarnings("unchecked")
    Map<String, Object> targets = (Map<String, Object>) DaprResources.spec(render(Samples.production()).resiliency())
        .get("targets");
    assertThat(((Map<?, ?>) targets.get("components")).get("statestore"))
        .isEqualTo(Map.of("outbound", Map.of("timeout", ResiliencyRenderer.TIMEOUT)));
  }

  @Test
  void fact7_scopesIsATopLevelFieldOfEveryComponent_notInsideSpec() {
    DesiredState state = render(Samples.production());
    for (GenericKubernetesResource component : state.components()) {
      assertThat(DaprResources.spec(component)).as(component.getMetadata().getName()).doesNotContainKey("scopes");
      assertThat(component.getAdditionalProperties()).containsKey("scopes");
    }
    assertThat(scopes(state.component("kafka-pubsub").orElseThrow())).containsExactly("backend", "chat-api");
    assertThat(scopes(state.component("statestore").orElseThrow())).containsExactly("backend", "chat-api");
    // The sweep is the backend's route alone: another app in scopes would receive its POSTs.
    assertThat(scopes(state.component("scheduler").orElseThrow())).containsExactly("backend");
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
    assertThat(rules.get(0).getResourceNames()).containsExactly("todo-auth", "cohere-api-key");
  }

  @Test
  void fact10_postgresqlV1TableDefaultsToState_notDaprState() {
    GenericKubernetesResource state = render(Samples.minimal()).component("statestore").orElseThrow();
    assertThat(DaprResources.spec(state)).containsEntry("type", "state.postgresql").containsEntry("version", "v1");
    assertThat(metadata(state)).containsEntry("tableName", "state");
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
    GenericKubernetesResource cron = render(Samples.production()).component("scheduler").orElseThrow();
    assertThat(metadata(cron)).containsEntry("direction", "input").containsEntry("schedule", "@every 1m");
  }

  @Test
  void componentSecretsAreResolvedByDaprsBuiltInKubernetesStore_notTheAppsServiceAccount() {
    DesiredState state = render(Samples.production());
    for (String name : List.of("kafka-pubsub", "statestore")) {
      assertThat(state.component(name).orElseThrow().getAdditionalProperties().get("auth"))
          .isEqualTo(Map.of("secretStore", Constants.DAPR_BUILTIN_KUBERNETES_STORE));
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
    @SuppressWarnings("unchecked")
    Map<String, Object> tracing = (Map<String, Object>) DaprResources.spec(render(Samples.production())
        .configuration()).get("tracing");
    assertThat(((Map<?, ?>) tracing.get("otel")).get("isSecure")).isEqualTo(false);
    assertThat(tracing.get("samplingRate")).isInstanceOf(String.class);
  }

  private static DesiredState render(TodoPlatform platform) {
    return TodoPlatformRenderer.render(platform, RenderOptions.kubernetes());
  }

  private static String hash(Optional<Deployment> deployment) {
    return deployment.orElseThrow().getSpec().getTemplate().getMetadata().getAnnotations()
        .get(Constants.ANNOTATION_DAPR_RESOURCES_HASH);
  }

  private static String type(GenericKubernetesResource component) {
    return (String) DaprResources.spec(component).get("type");
  }

  @SuppressWarnings("unchecked")
  private static List<String> scopes(GenericKubernetesResource component) {
    return (List<String>) component.getAdditionalProperties().get("scopes");
  }

  /** name -> value, or name -> {secretKeyRef: ...} for references. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> metadata(GenericKubernetesResource component) {
    List<Map<String, Object>> items = (List<Map<String, Object>>) DaprResources.spec(component).get("metadata");
    return items.stream().collect(Collectors.toMap(i -> (String) i.get("name"),
        i -> i.containsKey("value") ? i.get("value") : Map.of("secretKeyRef", i.get("secretKeyRef"))));
  }
}
