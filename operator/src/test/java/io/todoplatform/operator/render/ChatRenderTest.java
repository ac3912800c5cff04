package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.todoplatform.operator.api.v1alpha1.ChatModelSpec;
import io.todoplatform.operator.api.v1alpha1.ChatModelType;
import io.todoplatform.operator.api.v1alpha1.SecretKeyRef;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.AccessControl;
import io.todoplatform.operator.support.Samples;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What spec.chat renders: chat-api's workload, its model's Component, and who may call the backend. */
class ChatRenderTest {

  @Test
  void theProductionSampleRunsChatApiBesideASidecarThatServesItWhileItDrains() {
    DesiredState state = render(Samples.production());
    Deployment deployment = state.chat().orElseThrow().deployment();
    Map<String, String> annotations = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    assertThat(annotations).containsEntry("dapr.io/enabled", "true").containsEntry("dapr.io/app-id", "chat-api")
        .containsEntry("dapr.io/config", "chat-api-config")
        // chat-api serves nothing to its sidecar: no app port, no app token.
        .doesNotContainKeys("dapr.io/app-port", "dapr.io/app-token-secret")
        // A message in flight may wait for the model (60 s) and chat-api drains 10 s more; the sidecar serves it
        // meanwhile, then needs its own 10 s.
        .containsEntry("dapr.io/block-shutdown-duration", "70s");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(80L);
    assertThat(pod.getServiceAccountName()).isEqualTo("chat-api");
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    Container container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    // Its own application: the backend's selectors (and its topology spread) never count chat-api's pods.
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "todo-chat-api");
  }

  @Test
  void chatApiIsToldEveryNameItNeedsAndNothingSecret() {
    DesiredState state = render(Samples.production());
    Map<String, String> env = state.chat().orElseThrow().deployment().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue, (a, b) -> a, LinkedHashMap::new));
    assertThat(env).containsExactly(
        Map.entry("PORT", "8080"),
        Map.entry("CHAT_APP_ID", "chat-api"),
        Map.entry("CHAT_CONVERSATION_COMPONENT", "chat-api-model"),
        Map.entry("CHAT_STATESTORE_NAME", "statestore"),
        Map.entry("CHAT_SECRETSTORE_NAME", "kubernetes-secrets"),
        Map.entry("CHAT_BACKEND_APP_ID", "backend"),
        Map.entry("CHAT_SCRUB_PII", "true"),
        Map.entry("CHAT_RETENTION_SECONDS", "2592000"),
        Map.entry("CHAT_MAX_TOOL_ROUNDS", "5"),
        Map.entry("CHAT_MODEL_TIMEOUT_SECONDS", "60"));
    assertThat(env.keySet()).containsExactlyElementsOf(ChatEnvironment.ALL);
  }

  @Test
  void theModelsKeyIsASecretKeyRefOfTheComponentAndChatApiMayNotReadIt() {
    DesiredState state = render(Samples.production());
    Component model = state.component("chat-api-model").orElseThrow();
    assertThat(model.getSpec().getType()).isEqualTo("conversation.openai");
    assertThat(DaprFactsTest.metadata(model)).containsExactly(
        Map.entry("key", Map.of("name", "cohere-api-key", "key", "api-key")),
        Map.entry("endpoint", "https://api.cohere.ai/compatibility/v1"),
        Map.entry("model", "command-a-03-2025"));
    // Resolved by Dapr's operator from the built-in store, never by the pod; scoped to chat-api alone.
    assertThat(model.getAuth().getSecretStore()).isEqualTo("kubernetes");
    assertThat(model.getScopes()).containsExactly("chat-api");
    var scopes = state.chatConfiguration().orElseThrow().getSpec().getSecrets().getScopes();
    assertThat(scopes.get(0).getStoreName()).isEqualTo("kubernetes-secrets");
    assertThat(scopes.get(0).getDefaultAccess()).isEqualTo("deny");
    assertThat(scopes.get(0).getAllowedSecrets()).containsExactly("todo-auth");
    assertThat(scopes.get(1).getStoreName()).isEqualTo("kubernetes");
    assertThat(scopes.get(1).getDefaultAccess()).isEqualTo("deny");
  }

  @ParameterizedTest
  @EnumSource(ChatModelType.class)
  void eachModelTypeIsItsConversationComponentWithOnlyTheMetadataItReads(ChatModelType type) {
    TodoPlatform platform = Samples.production();
    ChatModelSpec model = new ChatModelSpec();
    model.setType(type);
    if (type.takesEndpoint()) {
      model.setEndpoint("http://models.todo-prod.svc:11434/v1");
      model.setModel("llama3.2");
    }
    if (type.needsApiKey()) {
      model.setApiKeySecretRef(new SecretKeyRef("model-key", "api-key"));
    }
    platform.getSpec().getChat().setModel(model);
    Component component = render(platform).component("chat-api-model").orElseThrow();
    assertThat(component.getSpec().getType()).isEqualTo("conversation." + type.wireValue());
    Map<String, Object> metadata = DaprFactsTest.metadata(component);
    assertThat(metadata.containsKey("key")).isEqualTo(type.needsApiKey());
    assertThat(metadata.containsKey("endpoint")).isEqualTo(type.takesEndpoint());
    assertThat(component.getAuth() != null).as("auth only with a secretKeyRef").isEqualTo(type.needsApiKey());
    if (type == ChatModelType.ECHO) {
      assertThat(component.getSpec().getMetadata()).isEmpty();
    }
  }

  @Test
  void onlyChatApiMayInvokeTheBackendAndOnlyOnItsTaskRoutes() {
    AccessControl acl = render(Samples.production()).configuration().getSpec().getAccessControl();
    assertThat(acl.getDefaultAction()).isEqualTo("deny");
    assertThat(acl.getTrustDomain()).isEqualTo("public");
    assertThat(acl.getPolicies()).singleElement().satisfies(policy -> {
      assertThat(policy.getAppId()).isEqualTo("chat-api");
      assertThat(policy.getDefaultAction()).isEqualTo("deny");
      // Sentry gives chat-api the trust domain of its own Configuration, which names "public", in its namespace.
      assertThat(policy.getTrustDomain()).isEqualTo("public");
      assertThat(policy.getNamespace()).isEqualTo("todo-prod");
      assertThat(policy.getOperations()).singleElement().satisfies(operation -> {
        assertThat(operation.getName()).isEqualTo("/api/**/tasks");
        assertThat(operation.getHttpVerb()).containsExactly("GET", "POST", "PUT", "PATCH", "DELETE");
        assertThat(operation.getAction()).isEqualTo("allow");
      });
    });
    // Nobody may invoke chat-api, which serves nothing through its sidecar.
    AccessControl chat = render(Samples.production()).chatConfiguration().orElseThrow().getSpec().getAccessControl();
    assertThat(chat.getDefaultAction()).isEqualTo("deny");
    assertThat(chat.getPolicies()).isNullOrEmpty();
  }

  @Test
  void withoutChatNobodyMayInvokeTheBackendAndNothingOfChatIsRendered() {
    TodoPlatform platform = Samples.production();
    platform.getSpec().getChat().setEnabled(false);
    DesiredState state = render(platform);
    assertThat(state.chat()).isEmpty();
    assertThat(state.chatConfiguration()).isEmpty();
    assertThat(state.componentNames()).doesNotContain("chat-api-model");
    assertThat(state.component("statestore").orElseThrow().getScopes()).containsExactly("backend");
    assertThat(state.resiliency().getScopes()).containsExactly("backend");
    AccessControl acl = state.configuration().getSpec().getAccessControl();
    assertThat(acl.getDefaultAction()).isEqualTo("deny");
    assertThat(acl.getPolicies()).isNullOrEmpty();
    assertThat(ManifestWriter.toYaml(state.inApplyOrder())).doesNotContain("chat-api", "todo-chat-api");
  }

  @Test
  void aChangeOfTheModelRollsChatApiAndLeavesTheBackendAlone() {
    DesiredState before = render(Samples.production());
    TodoPlatform platform = Samples.production();
    platform.getSpec().getChat().getModel().setModel("command-r-plus");
    DesiredState after = render(platform);
    assertThat(daprHash(after.deployment().orElseThrow())).isEqualTo(daprHash(before.deployment().orElseThrow()));
    assertThat(daprHash(after.chat().orElseThrow().deployment()))
        .isNotEqualTo(daprHash(before.chat().orElseThrow().deployment()));
  }

  @Test
  void aRotatedModelKeyRollsOnlyChatApiAndARotatedBrokerPasswordOnlyTheBackend() {
    Map<String, String> versions = Map.of("kafka-secrets", "10", "neon-db", "11", "todo-app-token", "12",
        "cohere-api-key", "13");
    DesiredState original = render(Samples.production(), versions);
    DesiredState keyRotated = render(Samples.production(), with(versions, "cohere-api-key", "14"));
    DesiredState brokerRotated = render(Samples.production(), with(versions, "kafka-secrets", "15"));
    assertThat(secretsHash(keyRotated.deployment().orElseThrow()))
        .isEqualTo(secretsHash(original.deployment().orElseThrow()));
    assertThat(secretsHash(keyRotated.chat().orElseThrow().deployment()))
        .isNotEqualTo(secretsHash(original.chat().orElseThrow().deployment()));
    assertThat(secretsHash(brokerRotated.deployment().orElseThrow()))
        .isNotEqualTo(secretsHash(original.deployment().orElseThrow()));
    assertThat(secretsHash(brokerRotated.chat().orElseThrow().deployment()))
        .isEqualTo(secretsHash(original.chat().orElseThrow().deployment()));
  }

  @Test
  void selfHostedRendersChatApisConfigurationWithTheSharedNameResolverAndNoWorkload() {
    DesiredState state = TodoPlatformRenderer.render(Samples.production(),
        RenderOptions.selfHosted("/run/secrets.json", "/run/name-resolution.db"));
    assertThat(state.chat()).isEmpty();
    var chatConfig = state.chatConfiguration().orElseThrow().getSpec();
    assertThat(chatConfig.getNameResolution().getComponent()).isEqualTo("sqlite");
    assertThat(chatConfig.getNameResolution().getConfiguration().getAdditionalProperties())
        .containsEntry("connectionString", "/run/name-resolution.db");
    assertThat(state.configuration().getSpec().getNameResolution().getConfiguration().getAdditionalProperties())
        .containsEntry("connectionString", "/run/name-resolution.db");
    // The key comes from the local file store, still through the component.
    assertThat(state.component("chat-api-model").orElseThrow().getAuth().getSecretStore())
        .isEqualTo("kubernetes-secrets");
  }

  private static DesiredState render(TodoPlatform platform) {
    return TodoPlatformRenderer.render(platform, RenderOptions.kubernetes());
  }

  private static DesiredState render(TodoPlatform platform, Map<String, String> versions) {
    return TodoPlatformRenderer.render(platform, RenderOptions.kubernetes().withSecretVersions(versions));
  }

  private static Map<String, String> with(Map<String, String> versions, String name, String version) {
    Map<String, String> changed = new LinkedHashMap<>(versions);
    changed.put(name, version);
    return changed;
  }

  private static String daprHash(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations()
        .get("platform.todo.io/dapr-resources-hash");
  }

  private static String secretsHash(Deployment deployment) {
    return deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("platform.todo.io/secrets-hash");
  }
}
