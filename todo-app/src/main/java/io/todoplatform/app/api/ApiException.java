package io.todoplatform.app.api;

import io.todoplatform.app.domain.FieldError;
import java.util.List;

/** A request refused at the HTTP layer (size, media type, malformed JSON, bad header) with its status. */
public class ApiException extends RuntimeException {
  private final int status;
  private final String problemType;
  private final List<FieldError> errors;

  public ApiException(int status, String problemType, String detail, List<FieldError> errors) {
    super(detail);
    this.status = status;
    this.problemType = problemType;
    this.errors = List.copyOf(errors);
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, "bad-request", field + ": " + message, List.of(new FieldError(field, message)));
  }

  public int status() {
    return status;
  }

  public String problemType() {
    return problemType;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
