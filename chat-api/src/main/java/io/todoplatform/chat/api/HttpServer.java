package io.todoplatform.chat.api;

import io.javalin.Javalin;
import io.todoplatform.chat.auth.AuthUnavailableException;
import io.todoplatform.chat.auth.AuthenticationException;
import io.todoplatform.chat.auth.ForbiddenException;
import io.todoplatform.chat.conversation.StoreUnavailableException;
import io.todoplatform.chat.observability.ChatMetrics;
import io.todoplatform.chat.support.Json;
import io.todoplatform.chat.turn.ChatTurnFailedException;
import io.todoplatform.chat.turn.ConversationNotFoundException;
import io.todoplatform.service.http.ApiDocumentRoute;
import io.todoplatform.service.http.FallbackRoutes;
import io.todoplatform.service.http.HealthRoutes;
import io.todoplatform.service.http.InFlightRequests;
import io.todoplatform.service.http.ProblemResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin server: routes, latency metrics, drain on shutdown, and every failure as a problem+json answer
 * (a bug is a 500 problem, never a stack trace).
 */
public final class HttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private HttpServer() {}

  public static Javalin create(ChatRoutes chatRoutes, HealthRoutes healthRoutes, ChatMetrics metrics,
      InFlightRequests inFlight) {
    AtomicReference<Javalin> server = new AtomicReference<>();
    Javalin created = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = JsonBody.MAX_BYTES;
      config.http.prefer405over404 = true;
      config.requestLogger.http((ctx, millis) -> {
        metrics.httpRequest(ctx.method().name(), FallbackRoutes.routeOf(ctx), ctx.statusCode(),
            Duration.ofNanos((long) (millis * 1_000_000)));
        inFlight.finished();
      });
      var routes = config.routes;
      routes.before(ctx -> {
        inFlight.started();
        if (inFlight.draining() && !HealthRoutes.isProbe(ctx.path())) {
          throw new ApiException(503, "unavailable", "shutting down; retry on another replica");
        }
      });
      chatRoutes.register(routes);
      healthRoutes.register(routes);
      ApiDocumentRoute.fromClasspathOf(HttpServer.class).register(routes);

      routes.exception(ApiException.class, (e, ctx) -> {
        if (e.status() == 503) {
          ctx.header("Retry-After", "5");
        }
        Problems.write(ctx, e.status(), e.problemType(), ProblemResponse.title(e.status()), e.getMessage(), e.errors(),
            e.extensions());
      });
      routes.exception(AuthenticationException.class, (e, ctx) -> {
        ctx.header("WWW-Authenticate", "Bearer");
        Problems.write(ctx, 401, "unauthorized", "Unauthorized", e.getMessage());
      });
      routes.exception(ForbiddenException.class, (e, ctx) ->
          Problems.write(ctx, 403, "forbidden", "Forbidden", e.getMessage()));
      routes.exception(AuthUnavailableException.class, (e, ctx) -> ProblemResponse.unavailable(ctx, e.getMessage()));
      routes.exception(ConversationNotFoundException.class, (e, ctx) ->
          Problems.write(ctx, 404, "not-found", "Not Found", "no conversation with this id",
              List.of(new FieldError("conversationId", "no such conversation (it may have expired)")), null));
      routes.exception(ChatTurnFailedException.class, (e, ctx) -> {
        if (e.status() == 503) {
          ctx.header("Retry-After", "10");
        }
        var extensions = Json.mapper().createObjectNode();
        extensions.set("toolCalls", ChatRoutes.toolCalls(e.executed()));
        Problems.write(ctx, e.status(), e.problemType(), ProblemResponse.title(e.status()), e.getMessage(), List.of(),
            extensions);
      });
      routes.exception(StoreUnavailableException.class, (e, ctx) -> {
        LOG.warn("503 on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
        ProblemResponse.unavailable(ctx, "the conversation store is unavailable; nothing was changed");
      });
      FallbackRoutes.register(routes, server::get);
    });
    server.set(created);
    return created;
  }
}
