package io.todoplatform.service.http;

import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a service answers when none of its own handlers does: Javalin's HTTP errors, unknown routes (404), wrong
 * methods (405 with {@code Allow}) and bugs (500, logged, never a stack trace in the response), all as problem+json.
 */
public final class FallbackRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(FallbackRoutes.class);

  private FallbackRoutes() {}

  /** {@code server}: the Javalin being configured (read when a request comes, to list a path's methods). */
  public static void register(RoutesConfig routes, Supplier<Javalin> server) {
    routes.exception(HttpResponseException.class, (e, ctx) -> {
      if (e.getStatus() == 405) {
        methodNotAllowed(ctx, server.get());
      } else {
        ProblemResponse.write(ctx, e.getStatus(), "http-" + e.getStatus(), ProblemResponse.title(e.getStatus()),
            e.getMessage());
      }
    });
    routes.exception(Exception.class, (e, ctx) -> {
      LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
      ProblemResponse.write(ctx, 500, "internal-error", "Internal Server Error", "unexpected error; see server logs");
    });
    routes.error(404, ctx -> {
      if (!ProblemResponse.alreadyWritten(ctx)) {
        ProblemResponse.write(ctx, 404, "not-found", "Not Found", "no route for " + ctx.method() + " " + ctx.path());
      }
    });
    routes.error(405, ctx -> {
      if (!ProblemResponse.alreadyWritten(ctx)) {
        methodNotAllowed(ctx, server.get());
      }
    });
  }

  /** The route template a request matched, for metrics labels (bounded: never the raw path). */
  public static String routeOf(Context ctx) {
    try {
      Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
      return endpoint == null ? "unmatched" : endpoint.path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  /** RFC 9110: a 405 lists the methods the path does serve in {@code Allow} (found by schemathesis). */
  private static void methodNotAllowed(Context ctx, Javalin server) {
    String path = ctx.path();
    String allowed = HandlerType.values().stream()
        .filter(HandlerType::isHttpMethod)
        .filter(type -> !server.unsafe.internalRouter.findHttpHandlerEntries(type, path).isEmpty())
        .map(HandlerType::name)
        .collect(Collectors.joining(", "));
    ctx.header("Allow", allowed);
    ProblemResponse.write(ctx, 405, "method-not-allowed", "Method Not Allowed",
        ctx.method() + " is not allowed on " + path + (allowed.isEmpty() ? "" : "; allowed: " + allowed));
  }
}
