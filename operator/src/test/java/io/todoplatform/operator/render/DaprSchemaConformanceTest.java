package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.Metadata;
import io.todoplatform.operator.support.ComponentMetadataCatalog;
import io.todoplatform.operator.support.DaprSchemas;
import io.todoplatform.operator.support.Samples;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Everything rendered for Dapr is what Dapr's own CRDs and component metadata accept. */
class DaprSchemaConformanceTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ComponentMetadataCatalog CATALOG = ComponentMetadataCatalog.load();

  static Stream<Arguments> renderedDaprResources() {
    return Samples.ALL.stream().flatMap(sample -> Stream.of(RenderOptions.kubernetes(),
            RenderOptions.selfHosted("/var/run/todo/secrets.json"))
        .flatMap(options -> TodoPlatformRenderer.render(Samples.load(sample), options).daprResources().stream()
            .map(resource -> Arguments.of(sample + " " + options.target().name().toLowerCase() + " "
                + resource.getKind() + "/" + resource.getMetadata().getName(), resource))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderedDaprResources")
  void validatesAgainstTheDaprCrdSchema(String label, HasMetadata resource) throws Exception {
    JsonNode json = JSON.readTree(SERIALIZATION.asJson(resource));
    assertThat(DaprSchemas.problems(json)).as(label).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void theSchemaCheckCatchesAMisplacedScopesAndAMissingMetadataList() throws Exception {
    JsonNode wrong = JSON.readTree("""
        {"apiVersion": "dapr.io/v1alpha1", "kind": "Component", "metadata": {"name": "x"},
         "spec": {"type": "pubsub.kafka", "version": "v1", "scopes": ["backend"]}}""");
    assertThat(DaprSchemas.problems(wrong))
        .anyMatch(p -> p.contains("metadata"))
        .anyMatch(p -> p.contains("$.spec.scopes: not declared"));
  }

  static Stream<Arguments> renderedComponents() {
    return renderedDaprResources().filter(args -> args.get()[1] instanceof Component);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderedComponents")
  void usesOnlyMetadataKeysTheComponentDeclares(String label, Component resource) {
    String type = resource.getSpec().getType();
    String version = resource.getSpec().getVersion();
    Set<String> declared = CATALOG.keys(type, version)
        .orElseThrow(() -> new AssertionError(label + ": no component metadata for " + type + " " + version
            + " in shared/dapr/component-metadata: a component of an unknown type makes daprd exit"));
    for (Metadata item : resource.getSpec().getMetadata()) {
      assertThat(declared).as(label + " metadata key").contains(item.getName());
    }
  }
}
