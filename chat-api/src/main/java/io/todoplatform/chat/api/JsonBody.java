package io.todoplatform.chat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.todoplatform.chat.support.Json;
import io.todoplatform.service.http.BoundedBody;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request body as a JSON object: 415 for another media type, 413 past the size limit (counted while
 * reading, whatever Content-Length claims), 400 for an empty body, malformed JSON or a non-object.
 */
final class JsonBody {
  static final int MAX_BYTES = 64 * 1024;

  private JsonBody() {}

  static ObjectNode read(Context ctx) {
    String header = ctx.header("Content-Type");
    String mediaType = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw new ApiException(415, "unsupported-media-type", "Content-Type must be application/json"
          + (header == null ? " (none given)" : " (got '" + mediaType + "')"),
          List.of(new FieldError("Content-Type", "must be application/json")), null);
    }
    byte[] body = readLimited(ctx);
    if (body.length == 0) {
      throw ApiException.validation(List.of(new FieldError("body", "a JSON object is required")));
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw ApiException.validation(List.of(new FieldError("body", "malformed JSON" + where)));
    } catch (IOException e) {
      throw ApiException.validation(List.of(new FieldError("body", "unreadable body")));
    }
    if (node == null || !node.isObject()) {
      throw ApiException.validation(List.of(new FieldError("body", "must be a JSON object")));
    }
    return (ObjectNode) node;
  }

  private static byte[] readLimited(Context ctx) {
    try {
      return BoundedBody.read(ctx, MAX_BYTES).orElseThrow(JsonBody::tooLarge);
    } catch (IOException e) {
      throw ApiException.validation(List.of(new FieldError("body", "unreadable body")));
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "payload-too-large", "the request body exceeds " + MAX_BYTES + " bytes",
        List.of(new FieldError("body", "at most " + MAX_BYTES + " bytes")), null);
  }
}
