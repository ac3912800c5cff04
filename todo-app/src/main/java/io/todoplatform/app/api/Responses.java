package io.todoplatform.app.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.domain.TaskSnapshot;
import io.todoplatform.app.support.Json;
import java.io.UncheckedIOException;

/** JSON success responses, serialized with the app's own mapper (RFC 3339 instants). */
final class Responses {
  private Responses() {}

  static void json(Context ctx, int status, Object body) {
    try {
      ctx.status(status).contentType("application/json").result(Json.mapper().writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A single task, with its version as ETag so the client can make a conditional update. */
  static void task(Context ctx, int status, TaskRecord task) {
    snapshot(ctx, status, task.snapshot(), task.version());
  }

  static void snapshot(Context ctx, int status, TaskSnapshot task, long version) {
    ctx.header("ETag", "\"" + version + "\"");
    json(ctx, status, task);
  }
}
