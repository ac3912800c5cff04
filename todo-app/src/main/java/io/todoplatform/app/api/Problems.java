package io.todoplatform.app.api;

import io.javalin.http.Context;
import io.todoplatform.app.domain.FieldError;
import io.todoplatform.service.http.ProblemResponse;
import java.util.List;

/** Problem details ({@link ProblemResponse}) with the backend's per-field errors. */
public final class Problems {
  private Problems() {}

  public static void write(Context ctx, int status, String type, String title, String detail,
      List<FieldError> errors) {
    ProblemResponse.write(ctx, status, type, title, detail,
        errors.stream().map(e -> new ProblemResponse.FieldIssue(e.field(), e.message())).toList(), null);
  }

  public static void write(Context ctx, int status, String type, String title, String detail) {
    ProblemResponse.write(ctx, status, type, title, detail);
  }
}
