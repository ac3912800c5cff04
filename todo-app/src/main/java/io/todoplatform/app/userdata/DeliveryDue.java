package io.todoplatform.app.userdata;

import java.util.List;

/**
 * Told after a commit that left this replica holding a user's delivery lease over a non-empty outbox: the outbox
 * window after the commit and the entries this commit wrote, so the relay can deliver them without reading them
 * back.
 */
@FunctionalInterface
public interface DeliveryDue {
  void due(String userId, long outboxFirst, long outboxNext, List<OutboxRecord> committed);
}
