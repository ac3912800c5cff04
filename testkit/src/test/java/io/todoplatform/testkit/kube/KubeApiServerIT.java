package io.todoplatform.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves the test control plane behaves like a real cluster where fabric8's mock server does not:
 * server-side apply with field ownership, CRD schema validation, and garbage collection.
 */
class KubeApiServerIT {

    @RegisterExtension
    static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withAuditLog(AuditLog.Level.WRITES);

    private static final Duration GC_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void reportsThePinnedKubernetesVersion() {
        assertThat(KUBE.client().getKubernetesVersion().getGitVersion())
                .isEqualTo(KUBE.server().binaries().kubernetesVersion());
    }

    @Test
    void createsNamespaceAndConfigMap() {
        KubernetesClient client = KUBE.client();
        String namespace = createNamespace("smoke-basic");

        client.configMaps().inNamespace(namespace).resource(configMap(namespace, "greeting", "hello")).create();

        ConfigMap stored = client.configMaps().inNamespace(namespace).withName("greeting").get();
        assertThat(stored.getData()).containsEntry("value", "hello");
        assertThat(stored.getMetadata().getUid()).isNotBlank();
        assertThat(stored.getMetadata().getCreationTimestamp()).isNotBlank();
    }

    @Test
    void serverSideApplyRecordsFieldOwnershipAndRejectsConflicts() {
        KubernetesClient client = KUBE.client();
        String namespace = createNamespace("smoke-ssa");

        client.configMaps().inNamespace(namespace).resource(configMap(namespace, "applied", "one"))
                .fieldManager("todo-operator-test").serverSideApply();
        ConfigMap updated = client.configMaps().inNamespace(namespace).resource(configMap(namespace, "applied", "two"))
                .fieldManager("todo-operator-test").serverSideApply();

        assertThat(updated.getData()).containsEntry("value", "two");
        List<ManagedFieldsEntry> managedFields = updated.getMetadata().getManagedFields();
        assertThat(managedFields)
                .anySatisfy(entry -> {
                    assertThat(entry.getManager()).isEqualTo("todo-operator-test");
                    assertThat(entry.getOperation()).isEqualTo("Apply");
                });

        // A second manager claiming the same field is refused unless it forces: real SSA semantics.
        assertThatThrownBy(() -> client.configMaps().inNamespace(namespace)
                        .resource(configMap(namespace, "applied", "three"))
                        .fieldManager("someone-else").serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        ConfigMap forced = client.configMaps().inNamespace(namespace).resource(configMap(namespace, "applied", "three"))
                .fieldManager("someone-else").forceConflicts().serverSideApply();
        assertThat(forced.getData()).containsEntry("value", "three");
    }

    @Test
    void theAuditLogRecordsEveryWriteRequestEvenOneThatChangesNothing() {
        KubernetesClient client = KUBE.client();
        String namespace = createNamespace("smoke-audit");
        ConfigMap first = client.configMaps().inNamespace(namespace).resource(configMap(namespace, "audited", "one"))
                .fieldManager("audit-test").serverSideApply();
        ConfigMap again = client.configMaps().inNamespace(namespace).resource(configMap(namespace, "audited", "one"))
                .fieldManager("audit-test").serverSideApply();
        client.configMaps().inNamespace(namespace).withName("audited").get();

        assertThat(again.getMetadata().getResourceVersion()).as("the second apply changed nothing")
                .isEqualTo(first.getMetadata().getResourceVersion());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(KUBE.server().auditLog().events())
                .filteredOn(e -> namespace.equals(e.namespace()) && "configmaps".equals(e.resource()))
                .as("two patches, and no read")
                .extracting(AuditLog.Event::verb, AuditLog.Event::name, AuditLog.Event::code,
                        AuditLog.Event::actingUser)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("patch", "audited", 201, "todo-test-admin"),
                        org.assertj.core.groups.Tuple.tuple("patch", "audited", 200, "todo-test-admin")));
    }

    @Test
    void installsDaprComponentCrdAndValidatesCustomResourcesAgainstItsSchema() throws IOException {
        KubernetesClient client = KUBE.client();
        String namespace = createNamespace("smoke-crd");
        installCrd(sharedDaprCrd("components.yaml"), "components.dapr.io");
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                components = client.genericKubernetesResources("dapr.io/v1alpha1", "Component");

        components.inNamespace(namespace).resource(component(namespace, "statestore", Map.of(
                "type", "state.postgresql",
                "version", "v1",
                "metadata", List.of(Map.of("name", "connectionString", "value", "host=localhost")))))
                .create();
        GenericKubernetesResource stored = components.inNamespace(namespace).withName("statestore").get();
        assertThat(stored.<String>get("spec", "type")).isEqualTo("state.postgresql");

        // spec.version is required and spec.metadata must be a list: the API server itself refuses this.
        GenericKubernetesResource invalid = component(namespace, "broken", Map.of(
                "type", "state.postgresql",
                "metadata", "not-a-list"));
        assertThatThrownBy(() -> components.inNamespace(namespace).resource(invalid).create())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("spec.version").contains("Required value")
                            .contains("spec.metadata");
                });
        assertThat(components.inNamespace(namespace).withName("broken").get()).isNull();
    }

    @Test
    void garbageCollectorDeletesDependentsOfADeletedOwner() {
        KubernetesClient client = KUBE.client();
        String namespace = createNamespace("smoke-gc");
        ConfigMap owner = client.configMaps().inNamespace(namespace)
                .resource(configMap(namespace, "owner", "parent")).create();
        ConfigMap dependent = new ConfigMapBuilder(configMap(namespace, "dependent", "child"))
                .editMetadata()
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .build();
        client.configMaps().inNamespace(namespace).resource(dependent).create();

        // Deleting only the owner: the dependent disappears only if kube-controller-manager's GC runs.
        client.configMaps().inNamespace(namespace).withName("owner").delete();

        await("dependent ConfigMap garbage-collected").atMost(GC_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> client.configMaps().inNamespace(namespace).withName("dependent").get() == null);
    }

    private static String createNamespace(String name) {
        KUBE.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        return name;
    }

    private static ConfigMap configMap(String namespace, String name, String value) {
        return new ConfigMapBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToData("value", value)
                .build();
    }

    private static GenericKubernetesResource component(String namespace, String name, Map<String, Object> spec) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("dapr.io/v1alpha1")
                .withKind("Component")
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .addToAdditionalProperties("spec", spec)
                .build();
    }

    private static Path sharedDaprCrd(String file) {
        Path crd = KUBE.server().binaries().repoRoot().resolve("../shared/dapr/crds").resolve(file).normalize();
        assertThat(crd).as("Dapr CRD shipped in shared/ beside the repository").isRegularFile();
        return crd;
    }

    private static void installCrd(Path file, String name) throws IOException {
        KubernetesClient client = KUBE.client();
        try (InputStream in = Files.newInputStream(file)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
        }
        CustomResourceDefinition established = client.apiextensions().v1().customResourceDefinitions().withName(name)
                .waitUntilCondition(KubeApiServerIT::isEstablished, 60, TimeUnit.SECONDS);
        assertThat(isEstablished(established)).isTrue();
    }

    private static boolean isEstablished(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
