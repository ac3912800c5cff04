package io.todoplatform.operator.reconciler;

/** Some children could not be applied; thrown so that java-operator-sdk retries with backoff. */
class ApplyFailedException extends RuntimeException {
  ApplyFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
