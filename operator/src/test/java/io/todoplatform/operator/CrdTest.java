package io.todoplatform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed CRD in crds/ is the generated one, and it carries the validation users rely on. */
class CrdTest {
  static final String FILE = "todoplatforms.platform.todo.io-v1.yml";
  static JsonNode crd;
  static JsonNode spec;

  @BeforeAll
  static void load() throws Exception {
    crd = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(committed()));
    spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
  }

  static Path committed() {
    return ProjectPaths.repoRoot().resolve("crds").resolve(FILE);
  }

  @Test
  void committedCrdMatchesTheGeneratedOne() throws Exception {
    Path generated = ProjectPaths.repoRoot().resolve("operator/target/classes/META-INF/fabric8").resolve(FILE);
    assertThat(generated).as("the build generates the CRD in process-classes").exists();
    assertThat(Files.readString(committed()))
        .as("crds/" + FILE + " is stale: refresh it with hack/update-crds.sh and commit it")
        .isEqualTo(Files.readString(generated));
  }

  @Test
  void namesScopeSubresourceAndPrinterColumns() {
    assertThat(crd.at("/spec/group").asText()).isEqualTo("platform.todo.io");
    assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
    assertThat(crd.at("/spec/names/plural").asText()).isEqualTo("todoplatforms");
    assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("tp");
    JsonNode version = crd.at("/spec/versions/0");
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(version.path("subresources").has("status")).isTrue();
    List<String> columns = new ArrayList<>();
    version.path("additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText()));
    assertThat(columns).contains("Ready", "App ID", "Replicas", "Age");
  }

  @Test
  void requiredFields() {
    assertThat(texts(spec.path("required"))).containsExactlyInAnyOrder("backend", "pubsub", "stateStore");
    assertThat(texts(spec.at("/properties/backend/required"))).containsExactly("image");
    assertThat(texts(spec.at("/properties/pubsub/required"))).containsExactly("brokers");
    assertThat(texts(spec.at("/properties/stateStore/required"))).containsExactly("connectionSecretRef");
    assertThat(spec.at("/properties/pubsub/properties/brokers/minItems").asInt()).isEqualTo(1);
  }

  @Test
  void enumsPatternsAndRanges() {
    assertThat(texts(spec.at("/properties/pubsub/properties/auth/properties/type/enum")))
        .containsExactlyInAnyOrder("none", "plain", "scram-sha-256", "scram-sha-512");
    assertThat(texts(spec.at("/properties/dapr/properties/logLevel/enum")))
        .containsExactlyInAnyOrder("debug", "info", "warn", "error");
    JsonNode appId = spec.at("/properties/backend/properties/appId");
    assertThat(appId.path("maxLength").asInt()).isEqualTo(58);
    // A DNS-1035 label: the app-id names the Service, whose name must start with a letter.
    assertThat(appId.path("pattern").asText()).isEqualTo("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    assertThat(spec.at("/properties/backend/properties/replicas/minimum").asDouble()).isZero();
    assertThat(spec.at("/properties/backend/properties/port/maximum").asDouble()).isEqualTo(65535);
    assertThat(spec.at("/properties/pubsub/properties/brokers/items/pattern").asText()).contains(":[0-9]");
  }

  @Test
  void celRulesForCrossFieldChecks() {
    List<String> authRules = new ArrayList<>();
    spec.at("/properties/pubsub/properties/auth/x-kubernetes-validations")
        .forEach(r -> authRules.add(r.path("rule").asText()));
    assertThat(authRules).containsExactly("!has(self.type) || self.type == 'none' || has(self.secretRef)");
    List<String> specRules = new ArrayList<>();
    spec.path("x-kubernetes-validations").forEach(r -> specRules.add(r.path("message").asText()));
    assertThat(specRules).anyMatch(m -> m.contains("component names"))
        .anyMatch(m -> m.contains("backend.port must differ"));
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
