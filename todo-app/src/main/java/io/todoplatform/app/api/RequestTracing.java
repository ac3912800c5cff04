package io.todoplatform.app.api;

import io.javalin.http.Context;
import io.todoplatform.app.support.Traceparent;
import org.slf4j.MDC;

/**
 * Gives every request a W3C trace context (the caller's, or a new one): it goes into the CloudEvents the
 * request causes, the response header, and the log lines (MDC key {@code traceId}).
 */
final class RequestTracing {
  private static final String ATTRIBUTE = "traceparent";

  private RequestTracing() {}

  static void begin(Context ctx) {
    String traceparent = Traceparent.fromHeaderOrNew(ctx.header("traceparent"));
    ctx.attribute(ATTRIBUTE, traceparent);
    ctx.header("traceparent", traceparent);
    MDC.put("traceId", Traceparent.traceIdOf(traceparent));
  }

  static String traceparent(Context ctx) {
    String traceparent = ctx.attribute(ATTRIBUTE);
    return traceparent != null ? traceparent : Traceparent.generate();
  }

  static void end() {
    MDC.remove("traceId");
  }
}
