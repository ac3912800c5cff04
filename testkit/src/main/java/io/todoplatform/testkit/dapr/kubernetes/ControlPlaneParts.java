package io.todoplatform.testkit.dapr.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

/**
 * What every Dapr control-plane pod of the Helm chart (v1.17.5, default values) shares: the trust bundle and
 * identity-token volumes, the security context, the /healthz probe on 8080.
 */
final class ControlPlaneParts {

    static final String NAMESPACE = "dapr-system";
    static final String TRUST_DOMAIN = "cluster.local";
    static final String SENTRY_ADDRESS = "dapr-sentry." + NAMESPACE + ".svc.cluster.local:443";
    /** The audience daprd and the control plane request their sentry token for: Sentry's SPIFFE ID. */
    static final String SENTRY_AUDIENCE = "spiffe://" + TRUST_DOMAIN + "/ns/" + NAMESPACE + "/dapr-sentry";
    static final String TRUST_ANCHORS_DIR = "/var/run/secrets/dapr.io/tls";
    static final String LOG_LEVEL = "info";
    static final int METRICS_PORT = 9090;
    static final int HEALTHZ_PORT = 8080;

    private ControlPlaneParts() {
    }

    static Volume trustBundleVolume() {
        return new VolumeBuilder().withName("dapr-trust-bundle")
                .withNewConfigMap().withName("dapr-trust-bundle").endConfigMap().build();
    }

    static VolumeMount trustBundleMount() {
        return new VolumeMountBuilder().withName("dapr-trust-bundle").withMountPath(TRUST_ANCHORS_DIR)
                .withReadOnly(true).build();
    }

    /** mountSentryVolume: a service-account token for Sentry's audience, which the kubelet binds to the pod. */
    static Volume identityTokenVolume() {
        return new VolumeBuilder().withName("dapr-identity-token")
                .withNewProjected().addNewSource().withNewServiceAccountToken()
                .withPath("token").withExpirationSeconds(600L).withAudience(SENTRY_AUDIENCE)
                .endServiceAccountToken().endSource().endProjected().build();
    }

    static VolumeMount identityTokenMount() {
        return new VolumeMountBuilder().withName("dapr-identity-token")
                .withMountPath("/var/run/secrets/dapr.io/sentrytoken").withReadOnly(true).build();
    }

    static SecurityContext securityContext() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    /** initialDelaySeconds 3, periodSeconds 3, failureThreshold 5: the chart's readinessProbe/livenessProbe. */
    static Probe healthz(int initialDelaySeconds) {
        return new ProbeBuilder().withNewHttpGet().withPath("/healthz").withPort(new IntOrString(HEALTHZ_PORT))
                .endHttpGet().withInitialDelaySeconds(initialDelaySeconds).withPeriodSeconds(3)
                .withFailureThreshold(5).build();
    }

    static EnvVar fieldRef(String name, String fieldPath) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewFieldRef()
                .withFieldPath(fieldPath).endFieldRef().endValueFrom().build();
    }

    static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
