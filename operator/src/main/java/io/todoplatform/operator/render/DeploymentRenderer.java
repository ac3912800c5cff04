package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.PodSpecOverrides;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import io.todoplatform.operator.checks.SecretRequirement;
import io.todoplatform.operator.checks.SecretRequirements;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The backend Deployment: restricted pod, probes, the app's environment contract and the sidecar annotations. */
final class DeploymentRenderer {
  static final String COMPONENT = "backend";

  private DeploymentRenderer() {}

  static Deployment render(RenderContext context, String daprResourcesHash) {
    TodoPlatformSpec spec = context.spec();
    PodSpecOverrides pod = spec.getBackend().getPod() == null ? new PodSpecOverrides() : spec.getBackend().getPod();
    long grace = spec.getBackend().getTerminationGracePeriodSeconds();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(context.names().deployment())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(Labels.of(context.platform(), COMPONENT))
        .endMetadata()
        .withNewSpec()
        // Left out when the spec leaves it out: server-side apply then never touches the replicas an autoscaler sets.
        .withReplicas(spec.getBackend().getReplicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(context.platform(), COMPONENT))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(PodParts.labels(Labels.of(context.platform(), COMPONENT), pod))
        .withAnnotations(podAnnotations(context, daprResourcesHash, pod, grace))
        .endMetadata()
        .withSpec(PodParts.podSpec(context.names().serviceAccount(), grace, pod).withContainers(container(context))
            .build())
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Dapr reads these from the pod template (not the Deployment's own metadata) when it injects the sidecar. */
  private static Map<String, String> podAnnotations(RenderContext context, String daprResourcesHash,
      PodSpecOverrides pod, long grace) {
    // The app token: the sidecar sends it on every call into the app, which checks it.
    Map<String, String> annotations = PodParts.sidecarAnnotations(context, pod, context.spec().getBackend().getAppId(),
        context.spec().getBackend().getPort(), context.names().configuration(), context.appTokenSecret(), grace);
    PodParts.rolloutAnnotations(annotations, daprResourcesHash, context, secretsResolvedAtStart(context));
    return annotations;
  }

  /** The Secrets the backend's sidecar and app resolve when a pod starts: a new version of one needs new pods. */
  static Set<String> secretsResolvedAtStart(RenderContext context) {
    Set<String> names = new LinkedHashSet<>();
    SecretRequirements.backend(context.spec()).stream().map(SecretRequirement::secretName).forEach(names::add);
    names.add(context.appTokenSecret());
    return names;
  }

  private static Container container(RenderContext context) {
    TodoPlatformSpec spec = context.spec();
    return PodParts.javaServiceContainer(Constants.CONTAINER_NAME, spec.getBackend().getImage(),
        spec.getBackend().getPort(), environment(context), spec.getBackend().getResources());
  }

  /** The environment contract with the todo-app (see {@link AppEnvironment}), then the user's own variables. */
  static List<EnvVar> environment(RenderContext context) {
    TodoPlatformSpec spec = context.spec();
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(AppEnvironment.PORT, String.valueOf(spec.getBackend().getPort()), null));
    env.add(new EnvVar(AppEnvironment.RUNTIME, "dapr", null));
    env.add(new EnvVar(AppEnvironment.APP_ID, spec.getBackend().getAppId(), null));
    env.add(new EnvVar(AppEnvironment.PUBSUB_NAME, spec.getPubsub().getName(), null));
    env.add(new EnvVar(AppEnvironment.TOPIC_TASK_EVENTS, spec.getPubsub().getTopics().getTaskEvents(), null));
    env.add(new EnvVar(AppEnvironment.TOPIC_TASK_UPDATES, spec.getPubsub().getTopics().getTaskUpdates(), null));
    env.add(new EnvVar(AppEnvironment.TOPIC_REMINDERS, spec.getPubsub().getTopics().getReminders(), null));
    env.add(new EnvVar(AppEnvironment.TOPIC_DEAD_LETTERS, spec.getPubsub().getDeadLetterTopic(), null));
    env.add(new EnvVar(AppEnvironment.STATESTORE_NAME, spec.getStateStore().getName(), null));
    env.add(new EnvVar(AppEnvironment.SECRETSTORE_NAME, spec.getSecretStore().getName(), null));
    if (spec.getScheduler().getEnabled()) {
      env.add(new EnvVar(AppEnvironment.SWEEP_BINDING, spec.getScheduler().getName(), null));
    }
    // The same Secret and key dapr.io/app-token-secret gives the sidecar: the app checks what daprd sends.
    env.add(new EnvVarBuilder().withName(AppEnvironment.APP_API_TOKEN)
        .withNewValueFrom().withNewSecretKeyRef()
        .withName(context.appTokenSecret())
        .withKey(Constants.APP_TOKEN_SECRET_KEY)
        .endSecretKeyRef().endValueFrom()
        .build());
    env.addAll(spec.getBackend().getEnv());
    return env;
  }
}
