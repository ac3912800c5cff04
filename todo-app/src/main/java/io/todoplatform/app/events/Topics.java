package io.todoplatform.app.events;

import java.util.List;

/** The configured topic names behind the logical topics. */
public record Topics(String taskEvents, String taskUpdates, String reminders) {

  public String nameOf(EventType.Topic topic) {
    return switch (topic) {
      case TASK_EVENTS -> taskEvents;
      case TASK_UPDATES -> taskUpdates;
      case REMINDERS -> reminders;
    };
  }

  public List<String> all() {
    return List.of(taskEvents, taskUpdates, reminders);
  }
}
