package io.todoplatform.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.todoplatform.chat.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes RFC 9457 problem details ({@code application/problem+json}) with per-field errors. */
public final class Problems {
  public static final String CONTENT_TYPE = "application/problem+json";
  static final String WRITTEN = "problem-written";
  private static final String TYPE_PREFIX = "urn:todo-platform:problem:";

  private Problems() {}

  public static void write(Context ctx, int status, String type, String title, String detail,
      List<FieldError> errors, JsonNode extensions) {
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
    if (extensions != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = extensions.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        if (!body.has(member.getKey())) {
          body.set(member.getKey(), member.getValue());
        }
      }
    }
    ctx.attribute(WRITTEN, Boolean.TRUE);
    // Bytes, not a String: Jetty encodes a String of this media type as ISO-8859-1, so a detail quoting the client's
    // input would not be UTF-8 JSON (found by schemathesis in todo-app).
    ctx.status(status).contentType(CONTENT_TYPE).result(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Context ctx, int status, String type, String title, String detail) {
    write(ctx, status, type, title, detail, List.of(), null);
  }

  static boolean alreadyWritten(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "HTTP " + status;
    };
  }
}
