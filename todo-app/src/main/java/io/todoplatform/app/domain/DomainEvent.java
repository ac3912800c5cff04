package io.todoplatform.app.domain;

/**
 * Something that happened to a user's task, to be announced. The use cases emit these; how they become
 * CloudEvents on which topic is the events adapter's business.
 *
 * @param id the event's id when it must be stable across repeats (a reminder), else null for a fresh one
 */
public record DomainEvent(Type type, TaskSnapshot task, String traceparent, String id) {

  public enum Type { CREATED, UPDATED, DELETED, COMPLETED, REMINDER_DUE }

  public static DomainEvent of(Type type, TaskRecord task, String traceparent) {
    return new DomainEvent(type, task.snapshot(), traceparent, null);
  }
}
