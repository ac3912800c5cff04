package io.todoplatform.testkit.dapr.kubernetes;

import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.METRICS_PORT;
import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.NAMESPACE;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.List;

/**
 * Dapr Sentry, the certificate authority, as the Helm chart deploys it: Deployment and Service {@code dapr-sentry}
 * (443 -> 50001), Kubernetes mode. It keeps its CA in the {@code dapr-trust-bundle} Secret and publishes the trust
 * anchors in the ConfigMap of the same name ({@link DaprSystem} creates both empty), and validates each workload's
 * service-account token with a TokenReview and the Pod it is bound to.
 */
final class Sentry {

    static final String NAME = "dapr-sentry";

    private Sentry() {
    }

    static List<String> args() {
        return List.of(
                "--mode", "kubernetes",
                "--log-level", ControlPlaneParts.LOG_LEVEL,
                "--enable-metrics",
                "--metrics-port", String.valueOf(METRICS_PORT),
                "--trust-domain", ControlPlaneParts.TRUST_DOMAIN);
    }

    static List<HasMetadata> manifests(String image) {
        return List.of(
                new DeploymentBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).addToLabels("app", NAME).endMetadata()
                        .withNewSpec().withReplicas(1)
                        .withNewSelector().addToMatchLabels("app", NAME).endSelector()
                        .withNewTemplate()
                        .withNewMetadata().addToLabels("app", NAME)
                        .addToAnnotations("dapr.io/control-plane", "sentry").endMetadata()
                        .withNewSpec().withServiceAccountName(NAME)
                        .addNewContainer().withName(NAME).withImage(image)
                        .withCommand("/sentry").withArgs(args())
                        .withEnv(ControlPlaneParts.fieldRef("NAMESPACE", "metadata.namespace"))
                        .addNewPort().withContainerPort(50001).endPort()
                        .addNewPort().withName("metrics").withContainerPort(METRICS_PORT).withProtocol("TCP").endPort()
                        .addNewVolumeMount().withName("credentials").withMountPath("/var/run/secrets/dapr.io/credentials")
                        .withReadOnly(true).endVolumeMount()
                        .withSecurityContext(ControlPlaneParts.securityContext())
                        .withReadinessProbe(ControlPlaneParts.healthz(3))
                        .withLivenessProbe(ControlPlaneParts.healthz(3))
                        .endContainer()
                        .addNewVolume().withName("credentials").withNewSecret().withSecretName("dapr-trust-bundle")
                        .endSecret().endVolume()
                        .endSpec().endTemplate().endSpec().build(),
                new ServiceBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                        .withNewSpec().addToSelector("app", NAME).withType("ClusterIP")
                        .addNewPort().withProtocol("TCP").withPort(443).withTargetPort(new IntOrString(50001)).endPort()
                        .endSpec().build());
    }
}
