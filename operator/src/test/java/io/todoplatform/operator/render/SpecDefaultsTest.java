package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering offline applies exactly the defaults the API server applies from the CRD. */
class SpecDefaultsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void javaDefaultsEqualTheCrdDefaults() throws Exception {
    TodoPlatform sparse = TodoPlatformReader.read("""
        apiVersion: platform.todo.io/v1alpha1
        kind: TodoPlatform
        metadata: {name: todo, namespace: todo}
        spec:
          backend: {image: "todo-app:1"}
          dapr: {tracing: {otlp: {endpoint: "collector:4317"}}}
          pubsub: {brokers: ["kafka:9092"], auth: {secretRef: {name: kafka}}}
          stateStore: {connectionSecretRef: {name: db, key: url}}
        """);
    JsonNode defaulted = new ObjectMapper().readTree(
        new KubernetesSerialization().asJson(SpecDefaults.withDefaults(sparse)));
    JsonNode schema = YAML.readTree(Files.readString(ProjectPaths.repoRoot().resolve(
        "crds/todoplatforms.platform.todo.io-v1.yml"))).at("/spec/versions/0/schema/openAPIV3Schema");

    List<String> compared = new ArrayList<>();
    compare("", schema, defaulted, compared);
    assertThat(compared).as("defaults compared").hasSizeGreaterThan(30);
  }

  @Test
  void theCallersObjectIsLeftAlone() {
    TodoPlatform platform = io.todoplatform.operator.support.Samples.minimal();
    SpecDefaults.withDefaults(platform);
    assertThat(platform.getSpec().getDapr()).isNull();
    assertThat(platform.getSpec().getBackend().getReplicas()).isNull();
  }

  @Test
  void sidecarResourcesDefaultPerQuantity() {
    TodoPlatform platform = io.todoplatform.operator.support.Samples.minimal();
    TodoPlatform defaulted = SpecDefaults.withDefaults(platform);
    var resources = defaulted.getSpec().getDapr().getSidecar().getResources();
    assertThat(Map.of("cpu", resources.getRequests().get("cpu").toString(),
        "memory", resources.getLimits().get("memory").toString()))
        .isEqualTo(Map.of("cpu", "100m", "memory", "256Mi"));
  }

  private static void compare(String path, JsonNode schema, JsonNode value, List<String> compared) {
    if (schema.has("default") && !schema.get("default").isObject()) {
      assertThat(value).as(path + " (CRD default " + schema.get("default") + ")").isEqualTo(schema.get("default"));
      compared.add(path);
    }
    if (value == null || !value.isObject()) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      JsonNode child = value.get(property.getKey());
      if (child != null || property.getValue().has("default")) {
        compare(path + "." + property.getKey(), property.getValue(), child, compared);
      }
    }
  }
}
