package io.todoplatform.app.domain;

import java.time.Instant;
import java.util.List;

/** A validated list request: filters, order and page position. */
public record TaskQuery(
    StatusFilter status,
    Priority priority,
    List<String> tags,
    String text,
    Instant dueBefore,
    Instant dueAfter,
    SortField sort,
    boolean descending,
    int limit,
    PageCursor after) {

  public enum StatusFilter { ALL, PENDING, COMPLETED }

  public enum SortField { CREATED_AT, DUE_AT, PRIORITY, TITLE }
}
