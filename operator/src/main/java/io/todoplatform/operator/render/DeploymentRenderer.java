package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.DaprSpec;
import io.todoplatform.operator.api.v1alpha1.PodSpecOverrides;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The backend Deployment: restricted pod, probes, the app's environment contract and the sidecar annotations. */
final class DeploymentRenderer {
  static final String COMPONENT = "backend";
  static final String TMP_VOLUME = "tmp";
  /** What the sidecar needs after it stops blocking shutdown: Dapr's default graceful-shutdown-seconds and a margin. */
  static final int SIDECAR_SHUTDOWN_SECONDS = 10;

  private DeploymentRenderer() {}

  static Deployment render(RenderContext context, String daprResourcesHash) {
    TodoPlatformSpec spec = context.spec();
    PodSpecOverrides pod = spec.getBackend().getPod() == null ? new PodSpecOverrides() : spec.getBackend().getPod();
    Map<String, String> podLabels = new LinkedHashMap<>(Labels.of(context.platform(), COMPONENT));
    if (pod.getLabels() != null) {
      podLabels.putAll(pod.getLabels());
    }
    PodSpecBuilder podSpec = new PodSpecBuilder()
        .withServiceAccountName(context.names().serviceAccount())
        .withTerminationGracePeriodSeconds(spec.getBackend().getTerminationGracePeriodSeconds().longValue())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(context))
        // A read-only root filesystem still needs somewhere for the JVM's and Jetty's temporary files.
        .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
        .withImagePullSecrets(pod.getImagePullSecrets())
        .withNodeSelector(pod.getNodeSelector())
        .withTolerations(pod.getTolerations())
        .withAffinity(pod.getAffinity())
        .withTopologySpreadConstraints(pod.getTopologySpreadConstraints())
        .withPriorityClassName(pod.getPriorityClassName());
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
        .withLabels(podLabels)
        .withAnnotations(podAnnotations(context, daprResourcesHash, pod))
        .endMetadata()
        .withSpec(podSpec.build())
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Dapr reads these from the pod template (not the Deployment's own metadata) when it injects the sidecar. */
  static Map<String, String> podAnnotations(RenderContext context, String daprResourcesHash, PodSpecOverrides pod) {
    DaprSpec dapr = context.spec().getDapr();
    ResourceRequirements sidecar = dapr.getSidecar().getResources();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (pod.getAnnotations() != null) {
      annotations.putAll(pod.getAnnotations());
    }
    annotations.put("dapr.io/enabled", "true");
    annotations.put("dapr.io/app-id", context.spec().getBackend().getAppId());
    annotations.put("dapr.io/app-port", String.valueOf(context.spec().getBackend().getPort()));
    annotations.put("dapr.io/app-protocol", "http");
    annotations.put("dapr.io/config", context.names().configuration());
    annotations.put("dapr.io/log-level", dapr.getLogLevel().wireValue());
    annotations.put("dapr.io/log-as-json", String.valueOf(dapr.getLogAsJson()));
    annotations.put("dapr.io/enable-metrics", String.valueOf(dapr.getEnableMetrics()));
    annotations.put("dapr.io/metrics-port", String.valueOf(dapr.getMetricsPort()));
    annotations.put("dapr.io/sidecar-cpu-request", quantity(sidecar.getRequests(), "cpu"));
    annotations.put("dapr.io/sidecar-cpu-limit", quantity(sidecar.getLimits(), "cpu"));
    annotations.put("dapr.io/sidecar-memory-request", quantity(sidecar.getRequests(), "memory"));
    annotations.put("dapr.io/sidecar-memory-limit", quantity(sidecar.getLimits(), "memory"));
    annotations.put("dapr.io/app-token-secret", context.appTokenSecret());
    // On SIGTERM the sidecar stops delivering events but keeps serving the app (state, publish) while the app
    // drains and flushes its outbox; then it shuts down itself within the rest of the grace period.
    annotations.put("dapr.io/block-shutdown-duration",
        (context.spec().getBackend().getTerminationGracePeriodSeconds() - SIDECAR_SHUTDOWN_SECONDS) + "s");
    annotations.put(Constants.ANNOTATION_DAPR_RESOURCES_HASH, daprResourcesHash);
    if (context.options().secretVersions() != null) {
      annotations.put(Constants.ANNOTATION_SECRETS_HASH, ContentHash.ofVersions(context.options().secretVersions()));
    }
    return annotations;
  }

  private static String quantity(Map<String, Quantity> quantities, String resource) {
    return quantities.get(resource).toString();
  }

  private static Container container(RenderContext context) {
    TodoPlatformSpec spec = context.spec();
    return new ContainerBuilder()
        .withName(Constants.CONTAINER_NAME)
        .withImage(spec.getBackend().getImage())
        .addNewPort()
        .withName(Constants.PORT_NAME)
        .withContainerPort(spec.getBackend().getPort())
        .withProtocol("TCP")
        .endPort()
        .withEnv(environment(context))
        .withResources(spec.getBackend().getResources())
        // The JVM may take a while to start on a busy node: the liveness probe waits until it has answered once.
        .withStartupProbe(probe("/healthz", 2, 60))
        .withLivenessProbe(probe("/healthz", 10, 3))
        .withReadinessProbe(probe("/readyz", 5, 3))
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
        .build();
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

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(Constants.PORT_NAME)).endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }
}
