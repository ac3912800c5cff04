package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.ChatSpec;
import io.todoplatform.operator.api.v1alpha1.PodSpecOverrides;
import io.todoplatform.operator.checks.SecretRequirement;
import io.todoplatform.operator.checks.SecretRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * chat-api's Deployment: the same restricted pod as the backend's, the environment contract with chat-api, and a
 * sidecar that serves it while it finishes the messages in flight at shutdown (each may wait for the model).
 */
final class ChatRenderer {
  static final String COMPONENT = "chat";
  /** chat-api drains for the model timeout plus this (ChatApplication), before the sidecar's own shutdown. */
  static final int DRAIN_MARGIN_SECONDS = 10;

  private ChatRenderer() {}

  static Deployment render(RenderContext context, String daprResourcesHash) {
    ChatSpec chat = context.chat().orElseThrow();
    ChatNames names = context.chatNames();
    PodSpecOverrides pod = chat.getPod() == null ? new PodSpecOverrides() : chat.getPod();
    long grace = terminationGracePeriodSeconds(chat);
    // No app port: the sidecar never calls chat-api (no subscriptions, no bindings, nothing may invoke it).
    Map<String, String> annotations = PodParts.sidecarAnnotations(context, pod, chat.getAppId(), null,
        names.configuration(), null, grace);
    PodParts.rolloutAnnotations(annotations, daprResourcesHash, context, secretsResolvedAtStart(context));
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(names.deployment())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(Labels.chat(context.platform()))
        .endMetadata()
        .withNewSpec()
        .withReplicas(chat.getReplicas())
        .withNewSelector()
        .withMatchLabels(Labels.chatSelector(context.platform()))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(PodParts.labels(Labels.chat(context.platform()), pod))
        .withAnnotations(annotations)
        .endMetadata()
        .withSpec(PodParts.podSpec(names.serviceAccount(), grace, pod).withContainers(container(context, chat)).build())
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The model timeout and chat-api's drain margin, then the sidecar's own shutdown. */
  static long terminationGracePeriodSeconds(ChatSpec chat) {
    return GoDurations.parse(chat.getModelTimeout()).toSeconds() + DRAIN_MARGIN_SECONDS
        + PodParts.SIDECAR_SHUTDOWN_SECONDS;
  }

  /** The model's key: chat-api's sidecar resolves it when it loads the conversation component. */
  static Set<String> secretsResolvedAtStart(RenderContext context) {
    return SecretRequirements.chat(context.spec()).stream().map(SecretRequirement::secretName)
        .collect(Collectors.toSet());
  }

  private static Container container(RenderContext context, ChatSpec chat) {
    // Ready once its sidecar answers, its components are loaded and it has read the JWT secret.
    return PodParts.javaServiceContainer(Constants.CHAT_CONTAINER_NAME, chat.getImage(), chat.getPort(),
        environment(context, chat), chat.getResources());
  }

  /** The environment contract with chat-api ({@link ChatEnvironment}). */
  static List<EnvVar> environment(RenderContext context, ChatSpec chat) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(ChatEnvironment.PORT, String.valueOf(chat.getPort()), null));
    env.add(new EnvVar(ChatEnvironment.APP_ID, chat.getAppId(), null));
    env.add(new EnvVar(ChatEnvironment.CONVERSATION_COMPONENT, context.chatNames().modelComponent(), null));
    env.add(new EnvVar(ChatEnvironment.STATESTORE_NAME, context.spec().getStateStore().getName(), null));
    env.add(new EnvVar(ChatEnvironment.SECRETSTORE_NAME, context.spec().getSecretStore().getName(), null));
    env.add(new EnvVar(ChatEnvironment.BACKEND_APP_ID, context.spec().getBackend().getAppId(), null));
    env.add(new EnvVar(ChatEnvironment.SCRUB_PII, String.valueOf(chat.getScrubPii()), null));
    env.add(new EnvVar(ChatEnvironment.RETENTION_SECONDS,
        String.valueOf(GoDurations.parse(chat.getRetention()).toSeconds()), null));
    env.add(new EnvVar(ChatEnvironment.MAX_TOOL_ROUNDS, String.valueOf(chat.getMaxToolRounds()), null));
    env.add(new EnvVar(ChatEnvironment.MODEL_TIMEOUT_SECONDS,
        String.valueOf(GoDurations.parse(chat.getModelTimeout()).toSeconds()), null));
    return env;
  }
}
