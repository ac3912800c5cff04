package io.todoplatform.chat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.chat.config.ChatConfig;
import io.todoplatform.chat.support.Json;
import io.todoplatform.testkit.dapr.DaprSidecar;
import io.todoplatform.testkit.model.ScriptedModelServer;
import io.todoplatform.testkit.openapi.OpenApiContract;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.process.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/**
 * chat-api in this JVM beside a real daprd (testkit) with: {@code state.in-memory} as the state store (TTL and
 * transactions like the production store), {@code secretstores.local.file} holding the JWT secret and the model's
 * API key, and {@code conversation.openai} pointed at a {@link ScriptedModelServer}, the test's double for an LLM
 * (none is reachable here). No backend is registered under the backend app-id: tool calls that pass validation
 * find it unreachable, which these tests use; the real backend is in the e2e tests ({@code e2e/.../chat}).
 */
final class ChatApiHarness implements AutoCloseable {
  static final OpenApiContract CONTRACT = OpenApiContract.fromClasspath(ChatApiHarness.class, "/openapi.json");
  static final String MODEL_NAME = "scripted-model";
  final String jwtSecret = randomHex(24);
  final String apiKey = "sk-test-" + randomHex(20);
  final Path workDir = TempDirs.create("chat-api-test");
  final ScriptedModelServer model;
  final DaprSidecar dapr;
  final ChatApplication app;
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final HttpClient http = HttpClient.newHttpClient();

  ChatApiHarness(Map<String, String> extraEnvironment) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logs.start();
    root.addAppender(logs);
    model = ScriptedModelServer.start(apiKey, MODEL_NAME);
    try {
      Path resources = workDir.resolve("resources");
      Path secrets = workDir.resolve("secrets.json");
      Files.createDirectories(resources);
      Files.writeString(secrets, Json.write(Map.of(
          "todo-auth", Map.of("jwt-secret", jwtSecret),
          "cohere-api-key", Map.of("api-key", apiKey))), StandardCharsets.UTF_8);
      Files.writeString(resources.resolve("component-kubernetes-secrets.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: kubernetes-secrets
          spec:
            type: secretstores.local.file
            version: v1
            metadata:
            - name: secretsFile
              value: "%s"
            - name: multiValued
              value: "true"
          """.formatted(secrets), StandardCharsets.UTF_8);
      Files.writeString(resources.resolve("component-statestore.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: statestore
          spec:
            type: state.in-memory
            version: v1
            metadata: []
          """, StandardCharsets.UTF_8);
      // The model's component and chat-api's Configuration as the operator renders them (spec.chat), on this
      // harness's stores: the key through the component's secretKeyRef, the secrets API limited to todo-auth.
      Files.writeString(resources.resolve("component-chat-model.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: chat-model
          spec:
            type: conversation.openai
            version: v1
            metadata:
            - name: key
              secretKeyRef: {name: cohere-api-key, key: api-key}
            - name: endpoint
              value: "%s"
            - name: model
              value: "%s"
          auth:
            secretStore: kubernetes-secrets
          scopes: [chat-api]
          """.formatted(model.endpoint(), MODEL_NAME), StandardCharsets.UTF_8);
      Path config = workDir.resolve("config.yaml");
      Files.writeString(config, """
          apiVersion: dapr.io/v1alpha1
          kind: Configuration
          metadata:
            name: chat-api-config
          spec:
            secrets:
              scopes:
              - storeName: kubernetes-secrets
                defaultAccess: deny
                allowedSecrets: [todo-auth]
            nameResolution:
              component: sqlite
              version: v1
              configuration:
                connectionString: "%s"
          """.formatted(workDir.resolve("nr.db")), StandardCharsets.UTF_8);
      dapr = DaprSidecar.builder("chat-api").resourcesPath(resources).config(config)
          .env("DAPR_HOST_IP", "127.0.0.1").start();
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PORT", Integer.toString(FreePorts.next()));
    env.put("DAPR_HTTP_PORT", Integer.toString(dapr.httpPort()));
    env.put("DAPR_GRPC_PORT", Integer.toString(dapr.grpcPort()));
    env.put("CHAT_CONVERSATION_COMPONENT", "chat-model");
    env.put("CHAT_MODEL_TIMEOUT_SECONDS", "20");
    env.putAll(extraEnvironment);
    try {
      app = ChatApplication.start(ChatConfig.from(env));
      Awaitility.await("chat-api ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> get("/readyz", null).statusCode() == 200);
    } catch (RuntimeException e) {
      dapr.close();
      model.close();
      throw e;
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + app.port() + path;
  }

  String token(String user) {
    return JWT.create().withSubject(user).withExpiresAt(Instant.now().plus(Duration.ofHours(1)))
        .sign(Algorithm.HMAC256(jwtSecret));
  }

  HttpResponse<String> get(String path, String token) {
    return send(builder(path, token).GET());
  }

  HttpResponse<String> delete(String path, String token) {
    return send(builder(path, token).DELETE());
  }

  /** Any method, with exactly these headers (and a body when not null). */
  HttpResponse<String> send(String method, String path, Map<String, String> headers, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60));
    headers.forEach(builder::header);
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(builder);
  }

  HttpResponse<String> post(String path, String token, String json) {
    return send(builder(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** POST /api/{user}/chat with a message (and a conversation to continue, or null). */
  HttpResponse<String> chat(String user, String message, String conversationId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", message);
    if (conversationId != null) {
      body.put("conversationId", conversationId);
    }
    return post("/api/" + user + "/chat", token(user), Json.write(body));
  }

  /** A state value read straight from the sidecar's state API (key without the app-id prefix). */
  String stateViaSidecar(String key) {
    return send(HttpRequest.newBuilder(URI.create(dapr.httpUrl() + "/v1.0/state/statestore/"
        + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(10)).GET()).body();
  }

  static JsonNode json(HttpResponse<String> response) {
    return Json.tryParse(response.body()).orElseThrow(() -> new AssertionError("not JSON: " + response.body()));
  }

  /** Everything chat-api logged so far, one line per event with its throwable. */
  String loggedText() {
    return List.copyOf(logs.list).stream().map(e -> e.getFormattedMessage()
            + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
        .collect(Collectors.joining("\n"));
  }

  private HttpRequest.Builder builder(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  /**
   * Every answer of chat-api is checked against its committed OpenAPI document (status documented for the operation,
   * content type, required headers, body schema): a response outside it fails the test at the call.
   */
  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      HttpRequest built = request.build();
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      if (app != null && built.uri().getPort() == app.port()) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        CONTRACT.check(built.method(), built.uri().getRawPath(), response.statusCode(), headers, response.body());
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      dapr.close();
      model.close();
      ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
      TempDirs.deleteRecursively(workDir);
    }
  }

  static String randomHex(int bytes) {
    byte[] random = new byte[bytes];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }
}
