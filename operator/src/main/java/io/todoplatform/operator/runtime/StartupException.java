package io.todoplatform.operator.runtime;

/** The operator cannot start; the message is the one line a user needs to fix it. */
public class StartupException extends RuntimeException {
  public StartupException(String message) {
    super(message);
  }
}
