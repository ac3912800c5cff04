package io.todoplatform.app.domain;

/** An Idempotency-Key already used for a different request: 422. */
public class IdempotencyKeyReuseException extends RuntimeException {
  public IdempotencyKeyReuseException() {
    super("this Idempotency-Key was already used for a different request");
  }
}
