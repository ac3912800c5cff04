package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/** Kafka topics the backend publishes to and subscribes to. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicsSpec {
  public static final String DEFAULT_TASK_EVENTS = "task-events";
  public static final String DEFAULT_TASK_UPDATES = "task-updates";
  public static final String DEFAULT_REMINDERS = "reminders";

  @Default(DEFAULT_TASK_EVENTS)
  @Pattern(Patterns.KAFKA_TOPIC)
  @JsonPropertyDescription("Topic of com.todo.task.created, .deleted and .completed events.")
  private String taskEvents;

  @Default(DEFAULT_TASK_UPDATES)
  @Pattern(Patterns.KAFKA_TOPIC)
  @JsonPropertyDescription("Topic of com.todo.task.updated events.")
  private String taskUpdates;

  @Default(DEFAULT_REMINDERS)
  @Pattern(Patterns.KAFKA_TOPIC)
  @JsonPropertyDescription("Topic of com.todo.reminder.due events.")
  private String reminders;

  public String getTaskEvents() { return taskEvents; }
  public void setTaskEvents(String taskEvents) { this.taskEvents = taskEvents; }
  public String getTaskUpdates() { return taskUpdates; }
  public void setTaskUpdates(String taskUpdates) { this.taskUpdates = taskUpdates; }
  public String getReminders() { return reminders; }
  public void setReminders(String reminders) { this.reminders = reminders; }
}
