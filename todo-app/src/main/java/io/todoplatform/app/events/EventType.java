package io.todoplatform.app.events;

import io.todoplatform.app.domain.DomainEvent;
import java.util.Arrays;
import java.util.Optional;

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

  public static EventType of(DomainEvent.Type type) {
    return switch (type) {
      case CREATED -> TASK_CREATED;
      case UPDATED -> TASK_UPDATED;
      case DELETED -> TASK_DELETED;
      case COMPLETED -> TASK_COMPLETED;
      case REMINDER_DUE -> REMINDER_DUE;
    };
  }

  /** The type of one of our CloudEvents, by its {@code type} attribute. */
  public static Optional<EventType> ofCeType(String ceType) {
    return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
  }
}
