package io.todoplatform.app.api;

import io.todoplatform.app.domain.FieldError;
import io.todoplatform.app.domain.PageCursor;
import io.todoplatform.app.domain.Priority;
import io.todoplatform.app.domain.TaskQuery;
import io.todoplatform.app.domain.ValidationException;
import io.todoplatform.service.text.VisibleText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates the query string of {@code GET /api/{userId}/tasks}; unknown parameters are errors too. */
public final class ListQueryParser {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 200;
  private static final Set<String> KNOWN =
      Set.of("status", "priority", "tag", "q", "dueBefore", "dueAfter", "sort", "order", "limit", "cursor");

  private final Map<String, List<String>> params;
  private final List<FieldError> errors = new ArrayList<>();

  private ListQueryParser(Map<String, List<String>> params) {
    this.params = params;
  }

  public static TaskQuery parse(Map<String, List<String>> params) {
    return new ListQueryParser(params).query();
  }

  private TaskQuery query() {
    for (String name : params.keySet()) {
      if (!KNOWN.contains(name)) {
        errors.add(new FieldError(name, "unknown query parameter"));
      } else if (!name.equals("tag") && params.get(name).size() > 1) {
        errors.add(new FieldError(name, "must be given at most once"));
      }
    }
    TaskQuery.StatusFilter status = switch (single("status", "all")) {
      case "all" -> TaskQuery.StatusFilter.ALL;
      case "pending" -> TaskQuery.StatusFilter.PENDING;
      case "completed" -> TaskQuery.StatusFilter.COMPLETED;
      default -> fail("status", "must be one of all, pending, completed", TaskQuery.StatusFilter.ALL);
    };
    String priorityText = single("priority", null);
    Priority priority = priorityText == null ? null : Priority.parse(priorityText)
        .orElseGet(() -> fail("priority", "must be one of low, medium, high, urgent", null));
    List<String> tags = params.getOrDefault("tag", List.of());
    for (String tag : tags) {
      if (VisibleText.isBlank(tag)) {
        errors.add(new FieldError("tag", "must not be empty"));
      }
    }
    String text = single("q", null);
    if (text != null && text.length() > 200) {
      errors.add(new FieldError("q", "must be at most 200 characters"));
    }
    Instant dueBefore = instant("dueBefore");
    Instant dueAfter = instant("dueAfter");
    TaskQuery.SortField sort = switch (single("sort", "createdAt")) {
      case "createdAt" -> TaskQuery.SortField.CREATED_AT;
      case "dueAt" -> TaskQuery.SortField.DUE_AT;
      case "priority" -> TaskQuery.SortField.PRIORITY;
      case "title" -> TaskQuery.SortField.TITLE;
      default -> fail("sort", "must be one of createdAt, dueAt, priority, title", TaskQuery.SortField.CREATED_AT);
    };
    boolean descending = switch (single("order", "asc")) {
      case "asc" -> false;
      case "desc" -> true;
      default -> fail("order", "must be asc or desc", false);
    };
    int limit = limit();
    PageCursor cursor = cursor(sort, descending);
    if (!errors.isEmpty()) {
      throw new ValidationException(errors);
    }
    return new TaskQuery(status, priority, List.copyOf(tags), text, dueBefore, dueAfter, sort, descending,
        limit, cursor);
  }

  private String single(String name, String fallback) {
    List<String> values = params.get(name);
    return values == null || values.isEmpty() ? fallback : values.get(0);
  }

  private Instant instant(String name) {
    String raw = single(name, null);
    if (raw == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(raw).toInstant();
    } catch (DateTimeParseException e) {
      return fail(name, "must be an RFC 3339 date-time with offset (got '" + raw + "')", null);
    }
  }

  private int limit() {
    String raw = single("limit", null);
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    return fail("limit", "must be an integer from 1 to " + MAX_LIMIT, DEFAULT_LIMIT);
  }

  private PageCursor cursor(TaskQuery.SortField sort, boolean descending) {
    String raw = single("cursor", null);
    if (raw == null) {
      return null;
    }
    try {
      PageCursor cursor = PageCursor.decode(raw);
      if (cursor.sort() != sort || cursor.descending() != descending) {
        return fail("cursor", "belongs to another sort order; keep sort and order while paging", null);
      }
      return cursor;
    } catch (IllegalArgumentException e) {
      return fail("cursor", "is not a cursor returned by this API", null);
    }
  }

  private <T> T fail(String field, String message, T fallback) {
    errors.add(new FieldError(field, message));
    return fallback;
  }
}
