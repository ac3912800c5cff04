package io.todoplatform.testkit.dapr.kubernetes;

import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.NAMESPACE;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.dapr.DaprBinaries;
import io.todoplatform.testkit.node.ImageRegistry;
import io.todoplatform.testkit.process.Polling;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Dapr's control plane in {@code dapr-system} of a test cluster, installed the way Dapr's Helm chart (v1.17.5,
 * default values) installs it — CRDs, the {@code daprsystem} Configuration (mTLS on), the empty
 * {@code dapr-trust-bundle} Secret and ConfigMap Sentry fills, {@link Sentry}, {@link Operator},
 * {@link SidecarInjector} and {@link SchedulerServer} — and run by the cluster's node like any workload, from the
 * binaries hack/build-dapr.sh builds ({@link DaprImages}).
 *
 * <p>Differences from the chart, both deliberate: one scheduler replica on an emptyDir; no placement service
 * (actors off). The service accounts have the chart's own RBAC ({@link ControlPlaneRbac}).
 */
public final class DaprControlPlane {

    public static final String NAMESPACE_NAME = NAMESPACE;
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> CRDS = List.of("components.yaml", "configuration.yaml", "resiliency.yaml",
            "subscription.yaml", "httpendpoints.yaml");

    private final KubernetesClient client;
    private final DaprBinaries binaries;

    private DaprControlPlane(KubernetesClient client, DaprBinaries binaries) {
        this.client = client;
        this.binaries = binaries;
    }

    /**
     * Installs everything and returns once every control-plane pod is Ready (the injector's readiness includes its
     * webhook configuration being patched with the trust anchors, so Pods created afterwards get their sidecar).
     */
    public static DaprControlPlane install(KubernetesClient client, ImageRegistry images) {
        DaprBinaries binaries = DaprBinaries.locate();
        DaprImages.addTo(images, binaries);
        DaprControlPlane controlPlane = new DaprControlPlane(client, binaries);
        controlPlane.installCrds();
        controlPlane.installSystem();
        // Sentry first: the others read the trust anchors it publishes when their pods start.
        controlPlane.apply(Sentry.manifests(controlPlane.image("sentry")));
        controlPlane.awaitDeployment(Sentry.NAME);
        controlPlane.apply(Operator.manifests(controlPlane.image("operator")));
        controlPlane.apply(SchedulerServer.manifests(controlPlane.image("scheduler")));
        controlPlane.apply(SidecarInjector.manifests(controlPlane.image("injector"), controlPlane.image("daprd")));
        controlPlane.awaitDeployment(Operator.NAME);
        controlPlane.awaitStatefulSet(SchedulerServer.NAME);
        controlPlane.awaitDeployment(SidecarInjector.NAME);
        return controlPlane;
    }

    /** The sidecar image the injector puts into Pods. */
    public String sidecarImage() {
        return image("daprd");
    }

    private String image(String binary) {
        return DaprImages.reference(binary, binaries);
    }

    private void installCrds() {
        Path dir = Environment.repoRoot().resolve("../shared/dapr/crds").normalize();
        for (String file : CRDS) {
            try (InputStream in = Files.newInputStream(dir.resolve(file))) {
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
                client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read Dapr's CRD " + dir.resolve(file), e);
            }
        }
        for (String name : List.of("components.dapr.io", "configurations.dapr.io", "resiliencies.dapr.io",
                "subscriptions.dapr.io", "httpendpoints.dapr.io")) {
            client.apiextensions().v1().customResourceDefinitions().withName(name).waitUntilCondition(crd ->
                    crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                            && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())),
                    60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private void installSystem() {
        List<HasMetadata> system = new ArrayList<>();
        system.add(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build());
        system.addAll(ControlPlaneRbac.manifests());
        system.add(new SecretBuilder().withNewMetadata().withName("dapr-trust-bundle").withNamespace(NAMESPACE)
                .addToLabels("app", Sentry.NAME).endMetadata().build());
        system.add(new ConfigMapBuilder().withNewMetadata().withName("dapr-trust-bundle").withNamespace(NAMESPACE)
                .addToLabels("app", Sentry.NAME).endMetadata().build());
        apply(system);
        GenericKubernetesResource config = new GenericKubernetesResourceBuilder()
                .withApiVersion("dapr.io/v1alpha1").withKind("Configuration")
                .withNewMetadata().withName("daprsystem").withNamespace(NAMESPACE).endMetadata()
                .addToAdditionalProperties("spec", Map.of("mtls", Map.of(
                        "enabled", true,
                        "workloadCertTTL", "24h",
                        "allowedClockSkew", "15m",
                        "controlPlaneTrustDomain", ControlPlaneParts.TRUST_DOMAIN,
                        "sentryAddress", ControlPlaneParts.SENTRY_ADDRESS)))
                .build();
        client.genericKubernetesResources("dapr.io/v1alpha1", "Configuration").inNamespace(NAMESPACE)
                .resource(config).serverSideApply();
    }

    private void apply(List<HasMetadata> manifests) {
        for (HasMetadata manifest : manifests) {
            client.resource(manifest).forceConflicts().serverSideApply();
        }
    }

    private void awaitDeployment(String name) {
        awaitReady("Deployment " + name, () -> {
            Deployment deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(name).get();
            return deployment != null && deployment.getStatus() != null
                    && Integer.valueOf(1).equals(deployment.getStatus().getAvailableReplicas());
        });
    }

    private void awaitStatefulSet(String name) {
        awaitReady("StatefulSet " + name, () -> {
            StatefulSet set = client.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
            return set != null && set.getStatus() != null && Integer.valueOf(1).equals(set.getStatus().getReadyReplicas());
        });
    }

    private void awaitReady(String what, java.util.function.BooleanSupplier ready) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Dapr's " + what + " in " + NAMESPACE + " is not ready after "
                        + READY_TIMEOUT + " (container logs: target/process-logs/.../pods/" + NAMESPACE + "_*)");
            }
            Polling.sleep(Duration.ofMillis(300));
        }
    }
}
