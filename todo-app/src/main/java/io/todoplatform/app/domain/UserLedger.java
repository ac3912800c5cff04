package io.todoplatform.app.domain;

import io.todoplatform.app.events.OutboxEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One document per user, rewritten (etag-guarded) in the same state transaction as every change to that
 * user's tasks. It is the user's task index (the state API cannot list keys), the index of reminders that
 * still have to fire (for the sweep), and the user's outbox of not-yet-delivered side effects.
 */
public record UserLedger(
    String userId,
    List<String> taskIds,
    Map<String, Instant> pendingReminders,
    List<OutboxEntry> outbox) {

  public static UserLedger empty(String userId) {
    return new UserLedger(userId, List.of(), Map.of(), List.of());
  }

  public List<String> taskIds() {
    return taskIds == null ? List.of() : taskIds;
  }

  public Map<String, Instant> pendingReminders() {
    return pendingReminders == null ? Map.of() : pendingReminders;
  }

  public List<OutboxEntry> outbox() {
    return outbox == null ? List.of() : outbox;
  }
}
