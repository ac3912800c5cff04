package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.DaprSpec;
import io.todoplatform.operator.api.v1alpha1.PodSpecOverrides;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the backend's and chat-api's pods share: the restricted security settings, the probes on the named HTTP port,
 * the writable /tmp under a read-only root, the platform team's pod knobs and the sidecar's annotations.
 */
final class PodParts {
  static final String TMP_VOLUME = "tmp";
  /** What the sidecar needs after it stops blocking shutdown: Dapr's default graceful-shutdown-seconds and a margin. */
  static final int SIDECAR_SHUTDOWN_SECONDS = 10;

  private PodParts() {}

  /** A pod spec with the pod-level restrictions, a /tmp volume and the platform team's knobs. */
  static PodSpecBuilder podSpec(String serviceAccount, long terminationGracePeriodSeconds, PodSpecOverrides pod) {
    return new PodSpecBuilder()
        .withServiceAccountName(serviceAccount)
        .withTerminationGracePeriodSeconds(terminationGracePeriodSeconds)
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .endSecurityContext()
        // A read-only root filesystem still needs somewhere for the JVM's and Jetty's temporary files.
        .addNewVolume().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
        .withImagePullSecrets(pod.getImagePullSecrets())
        .withNodeSelector(pod.getNodeSelector())
        .withTolerations(pod.getTolerations())
        .withAffinity(pod.getAffinity())
        .withTopologySpreadConstraints(pod.getTopologySpreadConstraints())
        .withPriorityClassName(pod.getPriorityClassName());
  }

  /** The Pod Security Standards' restricted profile for an app container. */
  static SecurityContext containerSecurityContext() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
        .build();
  }

  /**
   * The container of one of our Java services (the backend, chat-api): its port, /healthz and /readyz probes (the JVM
   * may take a while to start on a busy node: the liveness probe waits until it has answered once), a read-only
   * root with /tmp as the only writable path.
   */
  static Container javaServiceContainer(String name, String image, int port, List<EnvVar> env,
      ResourceRequirements resources) {
    return new ContainerBuilder()
        .withName(name)
        .withImage(image)
        .addNewPort()
        .withName(Constants.PORT_NAME)
        .withContainerPort(port)
        .withProtocol("TCP")
        .endPort()
        .withEnv(env)
        .withResources(resources)
        .withStartupProbe(probe("/healthz", 2, 60))
        .withLivenessProbe(probe("/healthz", 10, 3))
        .withReadinessProbe(probe("/readyz", 5, 3))
        .withSecurityContext(containerSecurityContext())
        .addNewVolumeMount().withName(TMP_VOLUME).withMountPath("/tmp").endVolumeMount()
        .build();
  }

  static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withPort(new IntOrString(Constants.PORT_NAME)).endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withTimeoutSeconds(2)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  static Map<String, String> labels(Map<String, String> own, PodSpecOverrides pod) {
    Map<String, String> labels = new LinkedHashMap<>(own);
    if (pod.getLabels() != null) {
      labels.putAll(pod.getLabels());
    }
    return labels;
  }

  /**
   * The platform team's annotations, then what Dapr's injector reads from the pod template (spec.dapr applies to
   * every sidecar of the platform). {@code appPort} and {@code appTokenSecret} are null for an app the sidecar never
   * calls. On SIGTERM the sidecar keeps serving the app for the grace period less {@link #SIDECAR_SHUTDOWN_SECONDS}
   * (it stops delivering events at once) while the app finishes its work, then shuts down itself.
   */
  static Map<String, String> sidecarAnnotations(RenderContext context, PodSpecOverrides pod, String appId,
      Integer appPort, String configuration, String appTokenSecret, long terminationGracePeriodSeconds) {
    DaprSpec dapr = context.spec().getDapr();
    ResourceRequirements sidecar = dapr.getSidecar().getResources();
    Map<String, String> annotations = new LinkedHashMap<>();
    if (pod.getAnnotations() != null) {
      annotations.putAll(pod.getAnnotations());
    }
    annotations.put("dapr.io/enabled", "true");
    annotations.put("dapr.io/app-id", appId);
    if (appPort != null) {
      annotations.put("dapr.io/app-port", String.valueOf(appPort));
      annotations.put("dapr.io/app-protocol", "http");
    }
    annotations.put("dapr.io/config", configuration);
    annotations.put("dapr.io/log-level", dapr.getLogLevel().wireValue());
    annotations.put("dapr.io/log-as-json", String.valueOf(dapr.getLogAsJson()));
    annotations.put("dapr.io/enable-metrics", String.valueOf(dapr.getEnableMetrics()));
    annotations.put("dapr.io/metrics-port", String.valueOf(dapr.getMetricsPort()));
    annotations.put("dapr.io/sidecar-cpu-request", quantity(sidecar.getRequests(), "cpu"));
    annotations.put("dapr.io/sidecar-cpu-limit", quantity(sidecar.getLimits(), "cpu"));
    annotations.put("dapr.io/sidecar-memory-request", quantity(sidecar.getRequests(), "memory"));
    annotations.put("dapr.io/sidecar-memory-limit", quantity(sidecar.getLimits(), "memory"));
    if (appTokenSecret != null) {
      annotations.put("dapr.io/app-token-secret", appTokenSecret);
    }
    annotations.put("dapr.io/block-shutdown-duration",
        (terminationGracePeriodSeconds - SIDECAR_SHUTDOWN_SECONDS) + "s");
    return annotations;
  }

  /**
   * The rollout annotations: a digest of the Dapr resources the sidecar read at start, and (when the reconciler knows
   * them; `render` does not) of the versions of the Secrets resolved at start.
   */
  static void rolloutAnnotations(Map<String, String> annotations, String daprResourcesHash, RenderContext context,
      Collection<String> secretsResolvedAtStart) {
    annotations.put(Constants.ANNOTATION_DAPR_RESOURCES_HASH, daprResourcesHash);
    Map<String, String> versions = context.options().secretVersions();
    if (versions != null) {
      Map<String, String> own = new TreeMap<>();
      versions.forEach((name, version) -> {
        if (secretsResolvedAtStart.contains(name)) {
          own.put(name, version);
        }
      });
      annotations.put(Constants.ANNOTATION_SECRETS_HASH, ContentHash.ofVersions(own));
    }
  }

  static String quantity(Map<String, Quantity> quantities, String resource) {
    return quantities.get(resource).toString();
  }
}
