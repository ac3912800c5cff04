package io.todoplatform.app.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.todoplatform.app.domain.FieldError;
import io.todoplatform.app.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Writes RFC 9457 problem details ({@code application/problem+json}) with per-field errors. */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  static final String WRITTEN = "problem-written";
  private static final String TYPE_PREFIX = "urn:todo-platform:problem:";

  private Problems() {}

  public static void write(Context ctx, int status, String type, String title, String detail,
      List<FieldError> errors) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("type", TYPE_PREFIX + type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ctx.path());
    if (!errors.isEmpty()) {
      ArrayNode list = body.putArray("errors");
      for (FieldError e : errors) {
        list.addObject().put("field", e.field()).put("message", e.message());
      }
    }
    markWritten(ctx);
    // Bytes, not a String: Jetty would encode a String for this media type as ISO-8859-1, turning a detail that
    // quotes the client's input (e.g. '¾') into a body that is not UTF-8 JSON (found by schemathesis).
    ctx.status(status).contentType(CONTENT_TYPE).result(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Context ctx, int status, String type, String title, String detail) {
    write(ctx, status, type, title, detail, List.of());
  }

  /** The response is final: the 404/405 error pages must not replace it. */
  static void markWritten(Context ctx) {
    ctx.attribute(WRITTEN, Boolean.TRUE);
  }

  static boolean alreadyWritten(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
  }
}
