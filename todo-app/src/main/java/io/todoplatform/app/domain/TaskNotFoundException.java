package io.todoplatform.app.domain;

/** No such task for this user (another user's task is reported the same way: its existence is private). */
public class TaskNotFoundException extends RuntimeException {
  public TaskNotFoundException(String taskId) {
    super("task " + taskId + " not found");
  }
}
