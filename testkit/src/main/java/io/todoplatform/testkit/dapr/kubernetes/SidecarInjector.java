package io.todoplatform.testkit.dapr.kubernetes;

import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.METRICS_PORT;
import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.NAMESPACE;
import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.env;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;

import java.util.List;

/**
 * Dapr's sidecar injector as the Helm chart deploys it: Deployment and Service {@code dapr-sidecar-injector}
 * (443 -> 4000) and the MutatingWebhookConfiguration through which kube-apiserver sends it every Pod CREATE
 * (failurePolicy Ignore, as the chart: a Pod created while the injector is down silently gets no sidecar). The
 * injector serves TLS with its Sentry certificate (DNS name dapr-sidecar-injector.dapr-system.svc) and patches
 * the webhook's caBundle with the trust anchors itself.
 */
final class SidecarInjector {

    static final String NAME = "dapr-sidecar-injector";

    private SidecarInjector() {
    }

    static List<String> args() {
        return List.of(
                "--log-level", ControlPlaneParts.LOG_LEVEL,
                "--enable-metrics",
                "--metrics-port", String.valueOf(METRICS_PORT),
                "--healthz-port", String.valueOf(ControlPlaneParts.HEALTHZ_PORT),
                "--scheduler-enabled=true");
    }

    /** The chart's env with global.actors.enabled=false: no placement service runs (TodoPlatform uses no actors). */
    static List<EnvVar> environment(String sidecarImage) {
        return List.of(
                env("DAPR_TRUST_ANCHORS_FILE", ControlPlaneParts.TRUST_ANCHORS_DIR + "/ca.crt"),
                env("DAPR_CONTROL_PLANE_TRUST_DOMAIN", ControlPlaneParts.TRUST_DOMAIN),
                env("DAPR_SENTRY_ADDRESS", ControlPlaneParts.SENTRY_ADDRESS),
                env("KUBE_CLUSTER_DOMAIN", "cluster.local"),
                env("SIDECAR_IMAGE", sidecarImage),
                env("SIDECAR_IMAGE_PULL_POLICY", "IfNotPresent"),
                env("SIDECAR_RUN_AS_NON_ROOT", "true"),
                env("ENABLE_K8S_DOWNWARD_APIS", "false"),
                env("SIDECAR_DROP_ALL_CAPABILITIES", "false"),
                env("SIDECAR_READ_ONLY_ROOT_FILESYSTEM", "true"),
                ControlPlaneParts.fieldRef("NAMESPACE", "metadata.namespace"),
                env("IGNORE_ENTRYPOINT_TOLERATIONS", "[{\"effect\":\"NoSchedule\",\"key\":\"alibabacloud.com/eci\"},"
                        + "{\"effect\":\"NoSchedule\",\"key\":\"azure.com/aci\"},{\"effect\":\"NoSchedule\",\"key\":\"aws\"},"
                        + "{\"effect\":\"NoSchedule\",\"key\":\"huawei.com/cci\"}]"),
                env("ACTORS_ENABLED", "false"),
                env("ACTORS_SERVICE_NAME", "placement"),
                env("ACTORS_SERVICE_ADDRESS", "dapr-placement-server:50005"));
    }

    static List<HasMetadata> manifests(String image, String sidecarImage) {
        return List.of(
                new DeploymentBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).addToLabels("app", NAME).endMetadata()
                        .withNewSpec().withReplicas(1)
                        .withNewSelector().addToMatchLabels("app", NAME).endSelector()
                        .withNewTemplate()
                        .withNewMetadata().addToLabels("app", NAME)
                        .addToAnnotations("dapr.io/control-plane", "injector").endMetadata()
                        .withNewSpec().withServiceAccountName("dapr-injector")
                        .addNewContainer().withName(NAME).withImage(image)
                        .withCommand("/injector").withArgs(args())
                        .withEnv(environment(sidecarImage))
                        .addNewPort().withName("https").withContainerPort(4000).withProtocol("TCP").endPort()
                        .addNewPort().withName("metrics").withContainerPort(METRICS_PORT).withProtocol("TCP").endPort()
                        .withVolumeMounts(ControlPlaneParts.trustBundleMount(), ControlPlaneParts.identityTokenMount())
                        .withSecurityContext(ControlPlaneParts.securityContext())
                        .withReadinessProbe(ControlPlaneParts.healthz(3))
                        .withLivenessProbe(ControlPlaneParts.healthz(3))
                        .endContainer()
                        .addToVolumes(ControlPlaneParts.trustBundleVolume(), ControlPlaneParts.identityTokenVolume())
                        .endSpec().endTemplate().endSpec().build(),
                new ServiceBuilder()
                        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                        .withNewSpec().addToSelector("app", NAME).withType("ClusterIP")
                        .addNewPort().withName("https").withProtocol("TCP").withPort(443)
                        .withTargetPort(new IntOrString("https")).endPort()
                        .addNewPort().withName("metrics").withProtocol("TCP").withPort(METRICS_PORT)
                        .withTargetPort(new IntOrString(METRICS_PORT)).endPort()
                        .endSpec().build(),
                new MutatingWebhookConfigurationBuilder()
                        .withNewMetadata().withName(NAME).addToLabels("app", NAME).endMetadata()
                        .addNewWebhook().withName("sidecar-injector.dapr.io")
                        .withReinvocationPolicy("IfNeeded")
                        .withNewClientConfig().withNewService().withNamespace(NAMESPACE).withName(NAME)
                        .withPath("/mutate").endService().endClientConfig()
                        .addNewRule().withApiGroups("").withApiVersions("v1").withResources("pods")
                        .withOperations("CREATE").endRule()
                        .withFailurePolicy("Ignore")
                        .withSideEffects("None")
                        .withAdmissionReviewVersions("v1", "v1beta1")
                        .endWebhook().build());
    }
}
