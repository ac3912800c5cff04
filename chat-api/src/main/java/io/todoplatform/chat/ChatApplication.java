package io.todoplatform.chat;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.config.Properties;
import io.javalin.Javalin;
import io.todoplatform.chat.api.ChatRoutes;
import io.todoplatform.chat.api.HttpServer;
import io.todoplatform.chat.auth.HmacJwtAuthenticator;
import io.todoplatform.chat.config.ChatConfig;
import io.todoplatform.chat.conversation.Conversations;
import io.todoplatform.chat.dapr.DaprConversationStore;
import io.todoplatform.chat.dapr.JsonStateSerializer;
import io.todoplatform.chat.dapr.SecretStoreSigningSecret;
import io.todoplatform.chat.dapr.SidecarReadiness;
import io.todoplatform.chat.model.DaprConversationModel;
import io.todoplatform.chat.observability.ChatMetrics;
import io.todoplatform.chat.tools.BackendClient;
import io.todoplatform.chat.tools.TaskTools;
import io.todoplatform.chat.turn.ChatService;
import io.todoplatform.service.http.HealthRoutes;
import io.todoplatform.service.http.InFlightRequests;
import io.todoplatform.service.http.ReadinessCheck;
import io.todoplatform.service.http.RouteTable;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts chat-api beside its Dapr sidecar: the model through the Conversation API, conversations in the state
 * store, the JWT secret from the secret store, the task tools through service invocation to the backend.
 */
public final class ChatApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChatApplication.class);
  /** Deadline of state and secret calls to the sidecar. */
  private static final Duration SIDECAR_CALL_TIMEOUT = Duration.ofSeconds(5);
  /** Deadline of one backend call through service invocation. */
  private static final Duration BACKEND_CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Javalin server;
  private final InFlightRequests inFlight;
  private final Duration drainTimeout;
  private final List<AutoCloseable> resources;
  private final AtomicBoolean closed = new AtomicBoolean();

  private ChatApplication(Javalin server, InFlightRequests inFlight, Duration drainTimeout,
      List<AutoCloseable> resources) {
    this.server = server;
    this.inFlight = inFlight;
    this.drainTimeout = drainTimeout;
    this.resources = resources;
  }

  public static void main(String[] args) {
    ChatConfig config;
    try {
      config = ChatConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    ChatApplication app = start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "graceful-shutdown"));
  }

  public static ChatApplication start(ChatConfig config) {
    Map<io.dapr.config.Property<?>, String> sidecar = Map.of(
        Properties.SIDECAR_IP, "127.0.0.1",
        Properties.HTTP_PORT, Integer.toString(config.daprHttpPort()),
        Properties.GRPC_PORT, Integer.toString(config.daprGrpcPort()));
    JsonStateSerializer serializer = new JsonStateSerializer();
    DaprClient client = new DaprClientBuilder()
        .withPropertyOverrides(sidecar)
        .withObjectSerializer(serializer)
        .withStateSerializer(serializer)
        .build();
    // A client of its own for the model: its gRPC deadline is the model timeout, not the state calls' 5 s.
    DaprPreviewClient modelClient = new DaprClientBuilder()
        .withPropertyOverrides(sidecar)
        .withPropertyOverride(Properties.TIMEOUT, Long.toString(config.modelTimeout().toMillis()))
        .buildPreviewClient();

    ChatMetrics metrics = new ChatMetrics();
    SecretStoreSigningSecret signingSecret = new SecretStoreSigningSecret(client, config.secretStoreName(),
        SIDECAR_CALL_TIMEOUT);
    signingSecret.start();
    Conversations conversations = new Conversations(
        new DaprConversationStore(client, config.stateStoreName(), SIDECAR_CALL_TIMEOUT), config.retention(),
        Clock.systemUTC());
    TaskTools tools = new TaskTools(new BackendClient(config.daprHttpPort(), config.backendAppId(),
        config.daprApiToken(), BACKEND_CALL_TIMEOUT));
    ChatService chat = new ChatService(
        new DaprConversationModel(modelClient, config.conversationComponent(), config.scrubPii(),
            config.modelTimeout(), metrics),
        tools, conversations, config.maxToolRounds(), metrics, Clock.systemUTC());

    List<ReadinessCheck> checks = List.of(
        new SidecarReadiness(config.daprHttpPort(), config.daprApiToken(), config.conversationComponent(),
            List.of(config.stateStoreName(), config.secretStoreName())),
        new ReadinessCheck() {
          @Override
          public String name() {
            return "jwt-secret";
          }

          @Override
          public String problem() {
            return signingSecret.current().isPresent() ? null : "signing secret not loaded from the secret store yet";
          }
        });
    InFlightRequests inFlight = new InFlightRequests();
    Javalin server = HttpServer.create(
        new ChatRoutes(chat, conversations, new HmacJwtAuthenticator(signingSecret)),
        new HealthRoutes(checks, inFlight::draining, metrics::scrape), metrics, inFlight);
    server.start(config.port());
    LOG.info("chat-api started: port={}, appId={}, conversationComponent={}, stateStore={}, secretStore={},"
            + " backendAppId={}, scrubPii={}, retention={}s, maxToolRounds={}, modelTimeout={}s, daprHttpPort={},"
            + " daprGrpcPort={}",
        server.port(), config.appId(), config.conversationComponent(), config.stateStoreName(),
        config.secretStoreName(), config.backendAppId(), config.scrubPii(), config.retention().toSeconds(),
        config.maxToolRounds(), config.modelTimeout().toSeconds(), config.daprHttpPort(), config.daprGrpcPort());
    return new ChatApplication(server, inFlight, config.modelTimeout().plusSeconds(10),
        List.of(signingSecret, modelClient, client));
  }

  public int port() {
    return server.port();
  }

  /** The routes this server serves (ChatOpenApiContractTest compares them with the document). */
  public List<RouteTable.Route> routes() {
    return RouteTable.of(server);
  }

  /** Graceful shutdown: refuse new requests (503, readiness down), let those in flight finish, then stop. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Shutting down: draining requests");
    if (!inFlight.drain(drainTimeout)) {
      LOG.warn("Requests still in flight after {}", drainTimeout);
    }
    server.stop();
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    LOG.info("Stopped");
  }
}
