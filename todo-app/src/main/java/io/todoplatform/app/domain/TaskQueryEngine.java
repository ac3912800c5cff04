package io.todoplatform.app.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Filters, sorts and pages a user's tasks on the server, in two steps so that a listing never needs every task
 * document: {@link #candidates} works on the index's summaries (everything but the description), and
 * {@link #matches} settles the text search on the tasks actually read, page by page.
 */
public final class TaskQueryEngine {

  private TaskQueryEngine() {}

  /** The summaries passing every filter the index can decide, in the query's order, after its cursor. */
  public static List<TaskSummary> candidates(List<TaskSummary> summaries, TaskQuery query) {
    Comparator<SortKey> order = SortKey.order(query.descending());
    List<TaskSummary> matching = new ArrayList<>();
    for (TaskSummary summary : summaries) {
      if (matchesIndexFilters(summary, query)) {
        matching.add(summary);
      }
    }
    matching.sort(Comparator.comparing(s -> SortKey.of(s, query.sort()), order));
    int start = 0;
    if (query.after() != null) {
      SortKey cursorKey = SortKey.fromCursor(query.after());
      while (start < matching.size() && order.compare(SortKey.of(matching.get(start), query.sort()), cursorKey) <= 0) {
        start++;
      }
    }
    return matching.subList(start, matching.size());
  }

  /** The whole query on a task read from the store (its summary may have been read a moment earlier). */
  public static boolean matches(TaskRecord task, TaskQuery query) {
    return matchesIndexFilters(task.summary(), query)
        && (query.text() == null || containsIgnoringCase(task, query.text()));
  }

  /** The cursor that continues after this item. */
  public static String cursorAfter(TaskSummary last, TaskQuery query) {
    return new PageCursor(query.sort(), query.descending(), SortKey.of(last, query.sort()).text(), last.id()).encode();
  }

  private static boolean matchesIndexFilters(TaskSummary task, TaskQuery q) {
    if (q.status() == TaskQuery.StatusFilter.PENDING && task.completed()) {
      return false;
    }
    if (q.status() == TaskQuery.StatusFilter.COMPLETED && !task.completed()) {
      return false;
    }
    if (q.priority() != null && task.priority() != q.priority()) {
      return false;
    }
    if (!task.tags().containsAll(q.tags())) {
      return false;
    }
    if (q.dueBefore() != null && (task.dueAt() == null || !task.dueAt().isBefore(q.dueBefore()))) {
      return false;
    }
    return q.dueAfter() == null || (task.dueAt() != null && task.dueAt().isAfter(q.dueAfter()));
  }

  private static boolean containsIgnoringCase(TaskRecord task, String text) {
    String needle = text.toLowerCase(Locale.ROOT);
    return task.title().toLowerCase(Locale.ROOT).contains(needle)
        || (task.description() != null && task.description().toLowerCase(Locale.ROOT).contains(needle));
  }

  /**
   * A task's position in the chosen order: the sort value (null for "no due date", always last) and the id as a
   * tie-breaker, so the order is total and cursors are unambiguous.
   */
  record SortKey(Comparable<Object> value, String text, String id) {

    @SuppressWarnings("unchecked")
    static SortKey of(TaskSummary t, TaskQuery.SortField field) {
      return switch (field) {
        case CREATED_AT -> new SortKey((Comparable<Object>) (Object) t.createdAt(), t.createdAt().toString(), t.id());
        case DUE_AT -> t.dueAt() == null
            ? new SortKey(null, null, t.id())
            : new SortKey((Comparable<Object>) (Object) t.dueAt(), t.dueAt().toString(), t.id());
        case PRIORITY -> new SortKey((Comparable<Object>) (Object) t.priority().ordinal(),
            Integer.toString(t.priority().ordinal()), t.id());
        case TITLE -> new SortKey((Comparable<Object>) (Object) titleKey(t.title()), t.title(), t.id());
      };
    }

    @SuppressWarnings("unchecked")
    static SortKey fromCursor(PageCursor c) {
      if (c.lastKey() == null) {
        return new SortKey(null, null, c.lastId());
      }
      Object value = switch (c.sort()) {
        case CREATED_AT, DUE_AT -> Instant.parse(c.lastKey());
        case PRIORITY -> Integer.parseInt(c.lastKey());
        case TITLE -> titleKey(c.lastKey());
      };
      return new SortKey((Comparable<Object>) value, c.lastKey(), c.lastId());
    }

    private static String titleKey(String title) {
      return title.toLowerCase(Locale.ROOT) + "\u0000" + title;
    }

    static Comparator<SortKey> order(boolean descending) {
      Comparator<SortKey> byValue = (a, b) -> {
        if (a.value == null || b.value == null) {
          // Tasks without a due date come last whatever the direction.
          return a.value == null ? (b.value == null ? 0 : 1) : -1;
        }
        int c = a.value.compareTo(b.value);
        return descending ? -c : c;
      };
      Comparator<SortKey> byId = Comparator.comparing(SortKey::id);
      return byValue.thenComparing(descending ? byId.reversed() : byId);
    }
  }
}
