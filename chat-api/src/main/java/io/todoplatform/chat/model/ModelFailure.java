package io.todoplatform.chat.model;

/**
 * The model gave no usable answer. The message is for the API client (it names no provider detail); {@link
 * Kind} decides the status: the model or its sidecar unreachable, overloaded or too slow is 503 (retry later),
 * an error or an unusable answer from the provider is 502.
 */
public final class ModelFailure extends RuntimeException {
  public enum Kind {
    UNAVAILABLE(503),
    BAD_GATEWAY(502);

    private final int status;

    Kind(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Kind kind;

  public ModelFailure(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
