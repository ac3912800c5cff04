package io.todoplatform.app.events;

/** The CloudEvent types the app publishes, each bound to one of the three configured topics. */
public enum EventType {
  TASK_CREATED("com.todo.task.created", Topic.TASK_EVENTS),
  TASK_UPDATED("com.todo.task.updated", Topic.TASK_UPDATES),
  TASK_DELETED("com.todo.task.deleted", Topic.TASK_EVENTS),
  TASK_COMPLETED("com.todo.task.completed", Topic.TASK_EVENTS),
  REMINDER_DUE("com.todo.reminder.due", Topic.REMINDERS);

  /** Logical topics; their real names come from the environment (see {@link Topics}). */
  public enum Topic { TASK_EVENTS, TASK_UPDATES, REMINDERS }

  private final String ceType;
  private final Topic topic;

  EventType(String ceType, Topic topic) {
    this.ceType = ceType;
    this.topic = topic;
  }

  public String ceType() {
    return ceType;
  }

  public Topic topic() {
    return topic;
  }
}
