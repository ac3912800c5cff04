package io.todoplatform.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RenderCommandTest {
  private static final String HEADER = """
      apiVersion: platform.todo.io/v1alpha1
      kind: TodoPlatform
      metadata: {name: todo, namespace: todo}
      """;
  private static final String VALID_SPEC = """
      spec:
        backend: {image: "todo-app:1"}
        pubsub: {brokers: ["kafka:9092"]}
        stateStore: {connectionSecretRef: {name: db, key: url}}
      """;

  @Test
  void rendersTheProductionSampleInApplyOrder() {
    RenderCommandRunner.Result result = RenderCommandRunner.run(null, "render", "-f",
        ProjectPaths.sample("production.yaml").toString());
    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).isEmpty();
    List<String> kinds = result.out().lines().filter(l -> l.startsWith("kind: ")).map(l -> l.substring(6)).toList();
    // The backend's identity, chat-api's, the Dapr resources (chat-api's model among the Components, a Configuration
    // each), then the workloads.
    assertThat(kinds).containsExactly("ServiceAccount", "Role", "RoleBinding", "ServiceAccount", "Role", "RoleBinding",
        "Component", "Component", "Component", "Component", "Component", "Resiliency", "Configuration",
        "Configuration", "Service", "Deployment", "PodDisruptionBudget", "Service", "Deployment");
  }

  /**
   * Issue 10: Dapr's injector gives APP_API_TOKEN to the daprd container only, so the app container must get it
   * from the same Secret itself, or the app accepts sidecar-facing calls from anyone.
   */
  @Test
  void theProductionSampleGivesTheBackendContainerTheAppTokenFromItsSecret() throws Exception {
    RenderCommandRunner.Result result = RenderCommandRunner.run(null, "render", "-f",
        ProjectPaths.sample("production.yaml").toString());
    assertThat(result.exitCode()).isZero();
    JsonNode deployment = documents(result.out()).stream()
        .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.path("name").asText()).isEqualTo("backend");
    JsonNode token = null;
    for (JsonNode env : container.path("env")) {
      if (env.path("name").asText().equals("APP_API_TOKEN")) {
        token = env;
      }
    }
    assertThat(token).as("APP_API_TOKEN on the backend container").isNotNull();
    assertThat(token.has("value")).as("never a literal value").isFalse();
    assertThat(token.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("todo-app-token");
    assertThat(token.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("token");
  }

  private static List<JsonNode> documents(String yaml) throws Exception {
    return new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll();
  }

  @Test
  void readsStandardInputWithDash() {
    RenderCommandRunner.Result result = RenderCommandRunner.run(HEADER + VALID_SPEC, "render", "-f", "-");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("kind: Deployment").contains("image: todo-app:1");
  }

  @Test
  void selfHostedRendersOnlyDaprResourcesWithALocalFileSecretStore(@TempDir Path dir) {
    RenderCommandRunner.Result result = RenderCommandRunner.run(HEADER + VALID_SPEC, "render", "-f", "-",
        "--target", "selfhosted", "--secrets-file", "/etc/todo/secrets.json");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).doesNotContain("kind: Deployment", "kind: Role", "kind: ServiceAccount",
        "secretstores.kubernetes", "storeName: kubernetes\n");
    assertThat(result.out()).contains("type: secretstores.local.file", "value: /etc/todo/secrets.json",
        "secretStore: kubernetes-secrets");
  }

  @Test
  void outputDirLaysOutSelfHostedResourcesForDaprdsTwoFlags(@TempDir Path dir) throws Exception {
    RenderCommandRunner.Result result = RenderCommandRunner.run(null, "render", "-f",
        ProjectPaths.sample("development.yaml").toString(), "--target", "selfhosted", "--secrets-file",
        "secrets.json", "--output-dir", dir.toString());
    assertThat(result.exitCode()).isZero();
    // One --config file per app: the backend's config.yaml, chat-api's named after its Configuration.
    assertThat(Files.readString(dir.resolve("config.yaml"))).contains("kind: Configuration", "name: backend-config");
    assertThat(Files.readString(dir.resolve("chat-api-config.yaml")))
        .contains("kind: Configuration", "name: chat-api-config");
    try (var files = Files.list(dir.resolve("resources"))) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).containsExactly("component-chat-api-model.yaml", "component-kafka-pubsub.yaml",
          "component-kubernetes-secrets.yaml", "component-scheduler.yaml", "component-statestore.yaml",
          "resiliency-backend-resiliency.yaml");
    }
    assertThat(result.out().lines()).hasSize(8).allMatch(line -> line.startsWith(dir.toString()));
  }

  @Test
  void outputDirWritesOneNumberedFilePerObjectForACluster(@TempDir Path dir) throws Exception {
    RenderCommandRunner.Result result = RenderCommandRunner.run(null, "render", "-f",
        ProjectPaths.sample("production.yaml").toString(), "-o", dir.toString());
    assertThat(result.exitCode()).isZero();
    try (var files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).hasSize(19).startsWith("00-serviceaccount-backend.yaml")
          .endsWith("15-deployment-backend.yaml", "16-poddisruptionbudget-backend.yaml", "17-service-chat-api.yaml",
              "18-deployment-chat-api.yaml");
    }
  }

  @Test
  void secretsFileWithoutSelfHostedIsRefused() {
    RenderCommandRunner.Result result = RenderCommandRunner.run(HEADER + VALID_SPEC, "render", "-f", "-",
        "--secrets-file", "x.json");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("--secrets-file");
  }

  @Test
  void helpDocumentsTheOptions() {
    RenderCommandRunner.Result result = RenderCommandRunner.run(null, "render", "--help");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("-f, --file=FILE", "--target=TARGET", "--secrets-file=PATH", "selfhosted");
  }

  private static final String KEY = "apiKeySecretRef: {name: model-key, key: api-key}";

  private static String chat(String model) {
    return "  chat: {image: \"chat-api:1\", model: {" + model + "}}\n";
  }

  static Stream<Arguments> invalidTodoPlatforms() {
    return Stream.of(
        Arguments.of("missing image", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"", "replicas: 1"),
            "spec.backend.image: is required"),
        Arguments.of("zero brokers", HEADER + VALID_SPEC.replace("[\"kafka:9092\"]", "[]"),
            "spec.pubsub.brokers: must have at least 1 item"),
        Arguments.of("broker without port", HEADER + VALID_SPEC.replace("kafka:9092", "kafka"),
            "spec.pubsub.brokers[0]: must be host:port"),
        Arguments.of("bad app-id", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"",
            "image: \"todo-app:1\", appId: Todo_Backend"), "spec.backend.appId: must be a DNS-1035 label"),
        Arguments.of("app-id too long", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"",
            "image: \"todo-app:1\", appId: " + "a".repeat(59)), "spec.backend.appId: must be at most 58 characters"),
        Arguments.of("negative replicas", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"",
            "image: \"todo-app:1\", replicas: -1"), "spec.backend.replicas: must be >= 0"),
        Arguments.of("bad quantity", HEADER + VALID_SPEC
            + "  dapr: {sidecar: {resources: {limits: {memory: lots}}}}\n",
            "spec.dapr.sidecar.resources.limits.memory: \"lots\" is not a valid quantity"),
        Arguments.of("auth without secretRef", HEADER + VALID_SPEC.replace("brokers: [\"kafka:9092\"]",
            "brokers: [\"kafka:9092\"], auth: {type: scram-sha-256}"),
            "spec.pubsub.auth.secretRef: is required unless spec.pubsub.auth.type is none"),
        Arguments.of("unknown enum", HEADER + VALID_SPEC.replace("brokers: [\"kafka:9092\"]",
            "brokers: [\"kafka:9092\"], auth: {type: SCRAM-SHA-256}"),
            "spec.pubsub.auth.type: must be one of none, plain, scram-sha-256, scram-sha-512, got \"SCRAM-SHA-256\""),
        Arguments.of("unknown field", HEADER + VALID_SPEC.replace("brokers: [\"kafka:9092\"]",
            "brokers: [\"kafka:9092\"], maxRetries: 3"), "spec.pubsub.maxRetries: unknown field"),
        Arguments.of("wrong type", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"",
            "image: \"todo-app:1\", port: eight"), "spec.backend.port: must be an integer"),
        Arguments.of("port out of range", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"",
            "image: \"todo-app:1\", port: 70000"), "spec.backend.port: must be between 1 and 65535"),
        Arguments.of("app port clashes with the sidecar", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"",
            "image: \"todo-app:1\", port: 3500"), "spec.backend.port: must differ from the sidecar's ports"),
        Arguments.of("missing state store secret", HEADER + VALID_SPEC.replace(
            "stateStore: {connectionSecretRef: {name: db, key: url}}", "stateStore: {tableName: state}"),
            "spec.stateStore.connectionSecretRef: is required"),
        Arguments.of("state store pool of zero connections", HEADER + VALID_SPEC.replace(
            "stateStore: {", "stateStore: {maxConnections: 0, "),
            "spec.stateStore.maxConnections: must be between 1 and 1000, got 0"),
        Arguments.of("bad duration", HEADER + VALID_SPEC + "  resiliency: {timeout: five-seconds}\n",
            "spec.resiliency.timeout: must be a duration"),
        Arguments.of("schedule as a timestamp", HEADER + VALID_SPEC
            + "  scheduler: {sweepSchedule: \"2026-02-09T10:00:00Z\"}\n",
            "spec.scheduler.sweepSchedule: must be @every DURATION"),
        Arguments.of("duplicate component names", HEADER + VALID_SPEC.replace("stateStore: {",
            "stateStore: {name: kafka-pubsub, "), "spec.stateStore.name: \"kafka-pubsub\" is already the name of"),
        Arguments.of("secret store named like Dapr's built-in store (issue 10)",
            HEADER + VALID_SPEC + "  secretStore: {name: kubernetes}\n",
            "spec.secretStore.name: \"kubernetes\" is reserved for Dapr's built-in Kubernetes secret store"),
        Arguments.of("pod label the Deployment selects by (issue 14)", HEADER + VALID_SPEC.replace(
            "image: \"todo-app:1\"", "image: \"todo-app:1\", pod: {labels: {app.kubernetes.io/instance: x}}"),
            "spec.backend.pod.labels: must not set the labels the operator sets"),
        Arguments.of("pod annotation of the sidecar (issue 14)", HEADER + VALID_SPEC.replace(
            "image: \"todo-app:1\"", "image: \"todo-app:1\", pod: {annotations: {dapr.io/app-port: \"1\"}}"),
            "spec.backend.pod.annotations: must not set dapr.io/ or platform.todo.io/ annotations"),
        Arguments.of("dead-letter topic equal to a subscribed topic (issue 14)", HEADER + VALID_SPEC.replace(
            "brokers: [\"kafka:9092\"]", "brokers: [\"kafka:9092\"], deadLetterTopic: reminders"),
            "spec.pubsub.deadLetterTopic: deadLetterTopic must differ from the topics"),
        Arguments.of("grace period too short (issue 14)", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"",
            "image: \"todo-app:1\", terminationGracePeriodSeconds: 5"),
            "spec.backend.terminationGracePeriodSeconds: must be >= 15"),
        Arguments.of("operator-owned env var", HEADER + VALID_SPEC.replace("image: \"todo-app:1\"",
            "image: \"todo-app:1\", env: [{name: PORT, value: \"9\"}]"),
            "spec.backend.env[0].name: PORT is set by the operator"),
        Arguments.of("sampling rate above one", HEADER + VALID_SPEC + "  dapr: {tracing: {samplingRate: \"2\"}}\n",
            "spec.dapr.tracing.samplingRate: must be a decimal string"),
        // spec.chat (issue 11)
        Arguments.of("chat without image", HEADER + VALID_SPEC + "  chat: {model: {type: echo}}\n",
            "spec.chat.image: is required unless spec.chat.enabled is false"),
        Arguments.of("chat without model", HEADER + VALID_SPEC + "  chat: {image: \"chat-api:1\"}\n",
            "spec.chat.model: is required unless spec.chat.enabled is false"),
        Arguments.of("unknown model type", HEADER + VALID_SPEC + chat("type: cohere"),
            "spec.chat.model.type: must be one of openai, anthropic, googleai, mistral, ollama, echo, got \"cohere\""),
        Arguments.of("model key missing", HEADER + VALID_SPEC + chat("type: anthropic"),
            "spec.chat.model.apiKeySecretRef: apiKeySecretRef is required for this type"),
        Arguments.of("endpoint of a provider with a fixed address", HEADER + VALID_SPEC
            + chat("type: mistral, endpoint: \"https://mistral.example\", " + KEY),
            "spec.chat.model.endpoint: only types openai and ollama take an endpoint"),
        Arguments.of("ollama without endpoint", HEADER + VALID_SPEC + chat("type: ollama"),
            "spec.chat.model.endpoint: endpoint is required for type ollama"),
        Arguments.of("echo with a key", HEADER + VALID_SPEC + chat("type: echo, " + KEY),
            "spec.chat.model.apiKeySecretRef: types echo and ollama take no API key, got type echo"),
        Arguments.of("echo with a model", HEADER + VALID_SPEC + chat("type: echo, model: gpt-4o"),
            "spec.chat.model.model: type echo takes no model"),
        // Dapr's ollama component has no key metadata: the Component would name a Secret nothing reads.
        Arguments.of("ollama with a key", HEADER + VALID_SPEC
            + chat("type: ollama, endpoint: \"http://ollama.models:11434/v1\", " + KEY),
            "spec.chat.model.apiKeySecretRef: types echo and ollama take no API key, got type ollama"),
        Arguments.of("OpenAI-compatible endpoint without model", HEADER + VALID_SPEC
            + chat("type: openai, endpoint: \"https://api.cohere.ai/compatibility/v1\", " + KEY),
            "spec.chat.model.model: model is required for type openai with an endpoint"),
        Arguments.of("endpoint not a URL", HEADER + VALID_SPEC
            + chat("type: openai, endpoint: \"api.cohere.ai\", model: m, " + KEY),
            "spec.chat.model.endpoint: must be an http(s) URL"),
        Arguments.of("retention over ten years", HEADER + VALID_SPEC
            + "  chat: {image: \"chat-api:1\", retention: 100000h, model: {type: echo}}\n",
            "spec.chat.retention: must be from 1m to 87600h (10 years), got \"100000h\""),
        Arguments.of("model timeout under a second", HEADER + VALID_SPEC
            + "  chat: {image: \"chat-api:1\", modelTimeout: 500ms, model: {type: echo}}\n",
            "spec.chat.modelTimeout: must be from 1s to 10m"),
        Arguments.of("too many tool rounds", HEADER + VALID_SPEC
            + "  chat: {image: \"chat-api:1\", maxToolRounds: 11, model: {type: echo}}\n",
            "spec.chat.maxToolRounds: must be from 1 to 10, got 11"),
        Arguments.of("chat app-id equal to the backend's", HEADER + VALID_SPEC
            + "  chat: {image: \"chat-api:1\", appId: backend, model: {type: echo}}\n",
            "spec.chat.appId: must differ from spec.backend.appId"),
        Arguments.of("chat port equal to the sidecar's", HEADER + VALID_SPEC
            + "  chat: {image: \"chat-api:1\", port: 50001, model: {type: echo}}\n",
            "spec.chat.port: must differ from the sidecar's ports"),
        Arguments.of("chat model component named like another component", HEADER + VALID_SPEC.replace(
            "stateStore: {", "stateStore: {name: chat-model, ")
            + "  chat: {image: \"chat-api:1\", appId: chat, model: {type: echo}}\n",
            "spec.chat.appId: the chat model's Component is named \"chat-model\" after it, which is already the name"
                + " of spec.stateStore.name"),
        Arguments.of("chat pod annotation of the sidecar", HEADER + VALID_SPEC
            + "  chat: {image: \"chat-api:1\", model: {type: echo}, pod: {annotations: {dapr.io/config: x}}}\n",
            "spec.chat.pod.annotations: must not set dapr.io/ or platform.todo.io/ annotations"),
        Arguments.of("no spec", HEADER, "spec: is required"),
        Arguments.of("not a TodoPlatform", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n",
            "kind: expected TodoPlatform of platform.todo.io/v1alpha1, got ConfigMap of v1"),
        Arguments.of("not YAML", "spec: [unclosed\n  - {", "(document): not valid YAML"),
        Arguments.of("no name", "apiVersion: platform.todo.io/v1alpha1\nkind: TodoPlatform\nmetadata: {}\n"
            + VALID_SPEC, "metadata.name: is required"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTodoPlatforms")
  void invalidInputPrintsTheFieldPathOnStderrNothingOnStdoutAndExits2(String label, String manifest,
      String expectedLine) {
    RenderCommandRunner.Result result = RenderCommandRunner.run(manifest, "render", "-f", "-");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines()).anyMatch(line -> line.startsWith(expectedLine));
    assertThat(result.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void reportsEveryProblemOnItsOwnLine() {
    String manifest = HEADER + """
        spec:
          backend: {image: "", replicas: -2}
          pubsub: {brokers: []}
          stateStore: {connectionSecretRef: {name: db, key: url}}
        """;
    RenderCommandRunner.Result result = RenderCommandRunner.run(manifest, "render", "-f", "-");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).containsExactly("spec.backend.image: is required",
        "spec.backend.replicas: must be >= 0, got -2", "spec.pubsub.brokers: must have at least 1 item");
  }

  @Test
  void aMissingFileIsOneClearLine(@TempDir Path dir) {
    RenderCommandRunner.Result result = RenderCommandRunner.run(null, "render", "-f",
        dir.resolve("nope.yaml").toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().strip()).endsWith("nope.yaml: no such file");
  }

  @Test
  void everySampleRenders() throws Exception {
    for (String sample : io.todoplatform.operator.support.Samples.ALL) {
      Path file = ProjectPaths.sample(sample);
      assertThat(Files.exists(file)).isTrue();
      for (String target : List.of("kubernetes", "selfhosted")) {
        assertThat(RenderCommandRunner.run(null, "render", "-f", file.toString(), "--target", target).exitCode())
            .as(sample + " " + target).isZero();
      }
    }
  }
}
