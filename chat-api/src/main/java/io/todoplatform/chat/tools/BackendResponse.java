package io.todoplatform.chat.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** What the backend answered through service invocation: status, JSON body (or missing), ETag header. */
public record BackendResponse(int status, JsonNode body, String etag) {
  public BackendResponse {
    body = body == null ? MissingNode.getInstance() : body;
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
