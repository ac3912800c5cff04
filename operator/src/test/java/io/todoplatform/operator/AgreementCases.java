package io.todoplatform.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.support.specgen.PlatformTrees;
import io.todoplatform.operator.support.specgen.TodoPlatformFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The disagreements SpecValidatorAgreementKubeApiServerIT found between Java and the API server, as plain cases:
 * a change of the minimal spec and whether both must accept it. SpecValidatorRegressionTest checks the Java side,
 * SpecValidatorAgreementKubeApiServerIT both.
 */
final class AgreementCases {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private AgreementCases() {}

  static Stream<Arguments> cases() {
    return Stream.of(
        // the sidecar's requests against its limits, the defaults included
        refused("a sidecar cpu request above the default limit", "dapr: {sidecar: {resources: {requests: {cpu: 500m}}}}"),
        refused("a sidecar memory request above its limit",
            "dapr: {sidecar: {resources: {requests: {memory: 1Gi}, limits: {memory: 512Mi}}}}"),
        accepted("a sidecar request within its own limit",
            "dapr: {sidecar: {resources: {requests: {cpu: 500m}, limits: {cpu: 1}}}}"),
        // the backend's quantities (the Deployment would be refused)
        refused("a backend request above its limit", "backend: {resources: {requests: {cpu: 2}, limits: {cpu: 1}}}"),
        refused("a backend quantity that is not one", "backend: {resources: {requests: {cpu: abc}}}"),
        refused("a negative backend quantity", "backend: {resources: {limits: {memory: -1Gi}}}"),
        refused("more env variables than the CRD allows", "backend: {env: [" + "{name: A, value: b}, ".repeat(1000)
            + "{name: A, value: b}]}"),
        accepted("an empty limits map", "backend: {resources: {limits: {}}}"),
        // image and env
        refused("an image of blanks", "backend: {image: \" \"}"),
        refused("an env variable without a name", "backend: {env: [{value: x}]}"),
        accepted("an env variable name with dots and dashes", "backend: {env: [{name: my.var-1, value: b}]}"),
        refused("a boolean written as blanks", "scheduler: {enabled: \"\\t\"}"),
        refused("an env variable the operator sets", "backend: {env: [{name: PORT, value: \"1\"}]}"),
        // found when spec.stateStore.maxConnections joined the generated fields (a new random sequence)
        refused("a disabled scheduler's name that is not one", "scheduler: {enabled: false, name: \"名前\"}"),
        refused("a circuit breaker's trip of blanks", "resiliency: {circuitBreaker: {trip: \"  \"}}"),
        refused("an integer written with a fraction", "pubsub: {consumerRetries: 1.5}"),
        // wrong types the Java reader used to coerce
        refused("a boolean written as a string", "dapr: {logAsJson: \"true\"}"),
        refused("a boolean written as a number", "pubsub: {tls: {enabled: 1}}"),
        refused("a string written as a number", "backend: {image: 42}"),
        refused("an enum written as a number", "dapr: {logLevel: 1}"),
        refused("a number beyond int", "resiliency: {retry: {maxRetries: 7641733125282099200}}"),
        // unknown fields inside Kubernetes' own types
        refused("an unknown field in an env variable", "backend: {env: [{name: A, value: b, extra: x}]}"),
        refused("an unknown field in resources", "backend: {resources: {extra: x}}"),
        refused("an unknown field in an image pull secret", "backend: {pod: {imagePullSecrets: [{name: a, x: y}]}}"),
        // the app-id names a Service: a letter first
        refused("an app-id starting with a digit", "backend: {appId: 9abc}"),
        // found when spec.chat joined the generated fields: the API server took an image of blanks
        refused("a chat image of blanks", "chat: {image: \"\\t\", model: {type: echo}}"));
  }

  /** The minimal document with the change merged into its spec. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> document(String specChange) {
    Map<String, Object> spec = TodoPlatformFields.minimalSpec();
    try {
      merge(spec, YAML.readValue(specChange, LinkedHashMap.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", PlatformTrees.API_VERSION);
    document.put("kind", "TodoPlatform");
    document.put("metadata", new LinkedHashMap<>(Map.of("name", "todo", "namespace", "agreement")));
    document.put("spec", spec);
    return document;
  }

  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> target, Map<String, Object> change) {
    change.forEach((key, value) -> {
      if (value instanceof Map<?, ?> map && target.get(key) instanceof Map<?, ?> existing) {
        merge((Map<String, Object>) existing, (Map<String, Object>) map);
      } else {
        target.put(key, value);
      }
    });
  }

  private static Arguments refused(String description, String specChange) {
    return Arguments.of(description, specChange, false);
  }

  private static Arguments accepted(String description, String specChange) {
    return Arguments.of(description, specChange, true);
  }

}
