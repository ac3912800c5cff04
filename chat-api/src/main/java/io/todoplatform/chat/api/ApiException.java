package io.todoplatform.chat.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A request answered with an RFC 9457 problem: status, a short type name, a detail for people, the fields at
 * fault and, optionally, extension members (e.g. the tool calls that ran before a model failure).
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String problemType;
  private final List<FieldError> errors;
  private final transient JsonNode extensions;

  public ApiException(int status, String problemType, String detail, List<FieldError> errors, JsonNode extensions) {
    super(detail);
    this.status = status;
    this.problemType = problemType;
    this.errors = List.copyOf(errors);
    this.extensions = extensions;
  }

  public ApiException(int status, String problemType, String detail) {
    this(status, problemType, detail, List.of(), null);
  }

  public static ApiException validation(List<FieldError> errors) {
    String detail = errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " invalid fields";
    return new ApiException(400, "validation-error", detail, errors, null);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", detail);
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

  public JsonNode extensions() {
    return extensions;
  }
}
