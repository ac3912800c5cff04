package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.DaprSpec;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The backend Deployment: restricted pod, probes, the app's environment contract and the sidecar annotations. */
final class DeploymentRenderer {
  static final String COMPONENT = "backend";
  static final String TMP_VOLUME = "tmp";

  private DeploymentRenderer() {}

  static Deployment render(RenderContext context, String daprResourcesHash) {
    TodoPlatformSpec spec = context.spec();
    Map<String, String> podLabels = Labels.of(context.platform(), COMPONENT);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(context.names().deployment())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(Labels.of(context.platform(), COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withReplicas(spec.getBackend().getReplicas())
        .withNewSelector()
        .withMatchLabels(Labels.selector(context.platform(), COMPONENT))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .withAnnotations(podAnnotations(context, daprResourcesHash))
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(context.names().serviceAccount())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(context))
        // A read-only root filesystem still needs somewhere for the JVM's and Jetty's temporary files.
        .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** Dapr reads these from the pod template (not the Deployment's own metadata) when it injects the sidecar. */
  static Map<String, String> podAnnotations(RenderContext context, String daprResourcesHash) {
    DaprSpec dapr = context.spec().getDapr();
    ResourceRequirements sidecar = dapr.getSidecar().getResources();
    Map<String, String> annotations = new LinkedHashMap<>();
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
    if (dapr.getAppTokenSecretRef() != null) {
      annotations.put("dapr.io/app-token-secret", dapr.getAppTokenSecretRef().getName());
    }
    annotations.put(Constants.ANNOTATION_DAPR_RESOURCES_HASH, daprResourcesHash);
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
        .withEnv(environment(spec))
        .withResources(spec.getBackend().getResources())
        .withLivenessProbe(probe("/healthz", 10))
        .withReadinessProbe(probe("/readyz", 5))
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
  static List<EnvVar> environment(TodoPlatformSpec spec) {
    List<EnvVar> env = new ArrayList<>();
    env.add(new EnvVar(AppEnvironment.PORT, String.valueOf(spec.getBackend().getPort()), null));
    env.add(new EnvVar(AppEnvironment.RUNTIME, "dapr", null));
    env.add(new EnvVar(AppEnvironment.APP_ID, spec.getBackend().getAppId(), null));
    env.add(new EnvVar(AppEnvironment.PUBSUB_NAME, spec.getPubsub().getName(), null));
    env.add(new EnvVar(AppEnvironment.TOPIC_TASK_EVENTS, spec.getPubsub().getTopics().getTaskEvents(), null));
    env.add(new EnvVar(AppEnvironment.TOPIC_TASK_UPDATES, spec.getPubsub().getTopics().getTaskUpdates(), null));
    env.add(new EnvVar(AppEnvironment.TOPIC_REMINDERS, spec.getPubsub().getTopics().getReminders(), null));
    env.add(new EnvVar(AppEnvironment.STATESTORE_NAME, spec.getStateStore().getName(), null));
    env.add(new EnvVar(AppEnvironment.SECRETSTORE_NAME, spec.getSecretStore().getName(), null));
    if (spec.getScheduler().getEnabled()) {
      env.add(new EnvVar(AppEnvironment.SWEEP_BINDING, spec.getScheduler().getName(), null));
    }
    if (spec.getDapr().getAppTokenSecretRef() != null) {
      // The same Secret and key dapr.io/app-token-secret gives the sidecar: the app checks what daprd sends.
      env.add(new EnvVarBuilder().withName(AppEnvironment.APP_API_TOKEN)
          .withNewValueFrom().withNewSecretKeyRef()
          .withName(spec.getDapr().getAppTokenSecretRef().getName())
          .withKey(Constants.APP_TOKEN_SECRET_KEY)
          .endSecretKeyRef().endValueFrom()
          .build());
    }
    env.addAll(spec.getBackend().getEnv());
    return env;
  }

  private static Probe probe(String path, int periodSeconds) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(Constants.PORT_NAME)).endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(3)
        .build();
  }
}
