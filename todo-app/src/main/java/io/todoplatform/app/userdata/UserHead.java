package io.todoplatform.app.userdata;

import java.util.List;

/**
 * A user's small head document, rewritten (etag-guarded) by every change of the user, which is what serialises a
 * user's writes across replicas. Its size is bounded: at most {@code MAX_TASKS_PER_USER / PAGE_CAPACITY + 1}
 * pages (a new page is only opened when every page is full).
 *
 * @param sequence the last per-user event sequence number handed out
 * @param outboxFirst the first undelivered outbox entry; entries are {@code [outboxFirst, outboxNext)}
 * @param nextPage the number the next new index page gets
 * @param lease who delivers the outbox (null while it is empty)
 */
public record UserHead(long sequence, long outboxFirst, long outboxNext, List<PageInfo> pages, long nextPage,
    int taskCount, DeliveryLease lease) {

  public static UserHead empty() {
    return new UserHead(0, 1, 1, List.of(), 1, 0, null);
  }

  public List<PageInfo> pages() {
    return pages == null ? List.of() : pages;
  }

  public long pendingOutbox() {
    return outboxNext - outboxFirst;
  }
}
