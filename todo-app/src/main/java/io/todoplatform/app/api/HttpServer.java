package io.todoplatform.app.api;

import io.javalin.Javalin;
import io.todoplatform.app.auth.AuthenticationException;
import io.todoplatform.app.auth.ForbiddenException;
import io.todoplatform.app.domain.FieldError;
import io.todoplatform.app.domain.IdempotencyKeyReuseException;
import io.todoplatform.app.domain.TaskLimitException;
import io.todoplatform.app.domain.TaskNotFoundException;
import io.todoplatform.app.domain.TemporarilyUnavailableException;
import io.todoplatform.app.domain.ValidationException;
import io.todoplatform.app.domain.VersionMismatchException;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.service.http.ApiDocumentRoute;
import io.todoplatform.service.http.FallbackRoutes;
import io.todoplatform.service.http.HealthRoutes;
import io.todoplatform.service.http.InFlightRequests;
import io.todoplatform.service.http.ProblemResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the Javalin server: routes, the sidecar token guard, tracing, latency metrics, and the
 * mapping of every failure to a problem+json response (a bug is a 500 problem, never a stack trace).
 */
public final class HttpServer {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  static final int MAX_THREADS = 512;

  private HttpServer() {}

  public static Javalin create(TaskRoutes taskRoutes, SidecarRoutes sidecarRoutes, HealthRoutes healthRoutes,
      Optional<String> appApiToken, AppMetrics metrics, InFlightRequests inFlight) {
    SidecarTokenGuard guard = new SidecarTokenGuard(appApiToken);
    AtomicReference<Javalin> server = new AtomicReference<>();
    Javalin created = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = JsonBodyReader.MAX_BODY_BYTES;
      // Requests wait on their user's write group (blocking, Java 17: no virtual threads): more threads let a burst
      // of one user's writes (or of reminder triggers, which the Scheduler sends all at once) form larger groups
      // instead of queueing in Jetty. Idle threads cost a reserved stack only.
      QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 8, 60_000);
      threads.setName("http");
      config.jetty.threadPool = threads;
      config.http.prefer405over404 = true;
      config.requestLogger.http((ctx, millis) -> {
        metrics.httpRequest(ctx.method().name(), FallbackRoutes.routeOf(ctx), ctx.statusCode(),
            Duration.ofNanos((long) (millis * 1_000_000)));
        RequestTracing.end();
        inFlight.finished();
      });
      var routes = config.routes;
      routes.before(ctx -> {
        inFlight.started();
        RequestTracing.begin(ctx);
        if (inFlight.draining() && !HealthRoutes.isProbe(ctx.path())) {
          throw new TemporarilyUnavailableException("shutting down; retry on another replica", null);
        }
      });
      for (String path : sidecarRoutes.protectedPaths()) {
        routes.before(path, guard::check);
      }
      taskRoutes.register(routes);
      sidecarRoutes.register(routes);
      healthRoutes.register(routes);
      ApiDocumentRoute.fromClasspathOf(HttpServer.class).register(routes);

      routes.exception(ApiException.class, (e, ctx) ->
          Problems.write(ctx, e.status(), e.problemType(), ProblemResponse.title(e.status()), e.getMessage(),
              e.errors()));
      routes.exception(ValidationException.class, (e, ctx) ->
          Problems.write(ctx, 400, "validation-error", "Invalid request", e.getMessage(), e.errors()));
      routes.exception(AuthenticationException.class, (e, ctx) -> {
        ctx.header("WWW-Authenticate", "Bearer");
        Problems.write(ctx, 401, "unauthorized", "Unauthorized", e.getMessage());
      });
      routes.exception(ForbiddenException.class, (e, ctx) ->
          Problems.write(ctx, 403, "forbidden", "Forbidden", e.getMessage()));
      routes.exception(TaskNotFoundException.class, (e, ctx) ->
          Problems.write(ctx, 404, "not-found", "Not Found", e.getMessage()));
      routes.exception(TaskLimitException.class, (e, ctx) ->
          Problems.write(ctx, 409, "task-limit", "Conflict", e.getMessage()));
      routes.exception(IdempotencyKeyReuseException.class, (e, ctx) ->
          Problems.write(ctx, 422, "idempotency-key-reused", "Unprocessable Content", e.getMessage(),
              List.of(new FieldError("Idempotency-Key", e.getMessage()))));
      routes.exception(VersionMismatchException.class, (e, ctx) ->
          Problems.write(ctx, 412, "version-mismatch", "Precondition Failed", e.getMessage()));
      routes.exception(TemporarilyUnavailableException.class, (e, ctx) -> {
        if (e.getCause() != null) {
          // The client only learns "unavailable"; the reason (e.g. the store's error) belongs in the log.
          LOG.warn("503 on {} {}: {}", ctx.method(), ctx.path(), e.getCause().getMessage());
        }
        ProblemResponse.unavailable(ctx, e.getMessage());
      });
      routes.exception(StoreUnavailableException.class,
          (e, ctx) -> ProblemResponse.unavailable(ctx, "the state store is unavailable; nothing was changed"));
      FallbackRoutes.register(routes, server::get);
    });
    server.set(created);
    return created;
  }
}
