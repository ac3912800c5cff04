package io.todoplatform.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.todoplatform.service.http.ProblemResponse;
import java.util.List;

/** Problem details ({@link ProblemResponse}) with chat-api's per-field errors and extension members. */
public final class Problems {
  private Problems() {}

  public static void write(Context ctx, int status, String type, String title, String detail,
      List<FieldError> errors, JsonNode extensions) {
    ProblemResponse.write(ctx, status, type, title, detail,
        errors.stream().map(e -> new ProblemResponse.FieldIssue(e.field(), e.message())).toList(), extensions);
  }

  public static void write(Context ctx, int status, String type, String title, String detail) {
    ProblemResponse.write(ctx, status, type, title, detail);
  }
}
