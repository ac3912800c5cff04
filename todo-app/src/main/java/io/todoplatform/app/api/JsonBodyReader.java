package io.todoplatform.app.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.todoplatform.app.support.Json;
import io.todoplatform.service.http.BoundedBody;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * Reads a request body as a JSON object, refusing with the right status: 415 for another media type,
 * 413 past the size limit (checked while reading, so a lying Content-Length does not help), 400 for an
 * empty body, malformed JSON or a non-object.
 */
public final class JsonBodyReader {
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private JsonBodyReader() {}

  public static ObjectNode readObject(Context ctx, List<String> acceptedMediaTypes) {
    requireMediaType(ctx, acceptedMediaTypes);
    byte[] body = readLimited(ctx);
    if (body.length == 0) {
      throw ApiException.badRequest("body", "a JSON object is required");
    }
    JsonNode node;
    try {
      node = Json.mapper().readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw ApiException.badRequest("body", "malformed JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("body", "unreadable body");
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("body", "must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private static void requireMediaType(Context ctx, List<String> accepted) {
    String header = ctx.header("Content-Type");
    String mediaType = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!accepted.contains(mediaType)) {
      throw new ApiException(415, "unsupported-media-type",
          "Content-Type must be " + String.join(" or ", accepted)
              + (header == null ? " (none given)" : " (got '" + mediaType + "')"),
          List.of(new io.todoplatform.app.domain.FieldError("Content-Type", "must be " + accepted.get(0))));
    }
  }

  private static byte[] readLimited(Context ctx) {
    try {
      return BoundedBody.read(ctx, MAX_BODY_BYTES).orElseThrow(JsonBodyReader::tooLarge);
    } catch (IOException e) {
      throw ApiException.badRequest("body", "unreadable body");
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "payload-too-large", "request body exceeds " + MAX_BODY_BYTES + " bytes",
        List.of(new io.todoplatform.app.domain.FieldError("body", "at most " + MAX_BODY_BYTES + " bytes")));
  }
}
