package io.todoplatform.app.domain;

/** The user already has as many tasks as one user may have: a 409 until some are deleted. */
public class TaskLimitException extends RuntimeException {
  public TaskLimitException(int limit) {
    super("a user may have at most " + limit + " tasks; delete some first");
  }
}
