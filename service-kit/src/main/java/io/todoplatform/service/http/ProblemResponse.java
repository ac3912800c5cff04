package io.todoplatform.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes RFC 9457 problem details ({@code application/problem+json}), with per-field errors and extension members. */
public final class ProblemResponse {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String WRITTEN = "problem-written";
  private static final String TYPE_PREFIX = "urn:todo-platform:problem:";

  /** One entry of the {@code errors} member: the field's path in the request and what is wrong with it. */
  public record FieldIssue(String field, String message) {}

  private ProblemResponse() {}

  public static void write(Context ctx, int status, String type, String title, String detail, List<FieldIssue> errors,
      JsonNode extensions) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("type", TYPE_PREFIX + type);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ctx.path());
    if (!errors.isEmpty()) {
      ArrayNode list = body.putArray("errors");
      for (FieldIssue issue : errors) {
        list.addObject().put("field", issue.field()).put("message", issue.message());
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
    markWritten(ctx);
    // Bytes, not a String: Jetty would encode a String for this media type as ISO-8859-1, turning a detail that
    // quotes the client's input (e.g. '¾') into a body that is not UTF-8 JSON (found by schemathesis).
    ctx.status(status).contentType(CONTENT_TYPE).result(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  public static void write(Context ctx, int status, String type, String title, String detail) {
    write(ctx, status, type, title, detail, List.of(), null);
  }

  /** 503 with Retry-After: the client may try again (on this or another replica). */
  public static void unavailable(Context ctx, String detail) {
    ctx.header("Retry-After", "5");
    write(ctx, 503, "unavailable", "Service Unavailable", detail);
  }

  /** The response is final: the 404/405 error pages must not replace it. */
  public static void markWritten(Context ctx) {
    ctx.attribute(WRITTEN, Boolean.TRUE);
  }

  public static boolean alreadyWritten(Context ctx) {
    return Boolean.TRUE.equals(ctx.attribute(WRITTEN));
  }

  public static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "HTTP " + status;
    };
  }
}
