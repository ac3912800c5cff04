package io.todoplatform.app.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Filters, sorts and pages a user's tasks on the server. */
public final class TaskQueryEngine {

  private TaskQueryEngine() {}

  public static TaskPage run(List<TaskRecord> tasks, TaskQuery query) {
    Comparator<SortKey> order = SortKey.order(query.sort(), query.descending());
    List<TaskRecord> matching = new ArrayList<>();
    for (TaskRecord task : tasks) {
      if (matches(task, query)) {
        matching.add(task);
      }
    }
    matching.sort(Comparator.comparing(t -> SortKey.of(t, query.sort()), order));
    int start = 0;
    if (query.after() != null) {
      SortKey cursorKey = SortKey.fromCursor(query.after());
      while (start < matching.size() && order.compare(SortKey.of(matching.get(start), query.sort()), cursorKey) <= 0) {
        start++;
      }
    }
    int end = Math.min(matching.size(), start + query.limit());
    List<TaskRecord> page = List.copyOf(matching.subList(start, end));
    String next = null;
    if (end < matching.size() && !page.isEmpty()) {
      TaskRecord last = page.get(page.size() - 1);
      next = new PageCursor(query.sort(), query.descending(), SortKey.of(last, query.sort()).text(), last.id())
          .encode();
    }
    return new TaskPage(page, next);
  }

  static boolean matches(TaskRecord task, TaskQuery q) {
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
    if (q.text() != null && !containsIgnoringCase(task, q.text())) {
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
   * A task's position in the chosen order: the sort value (null for "no due date", always last) and the
   * id as a tie-breaker, so the order is total and cursors are unambiguous.
   */
  record SortKey(Comparable<Object> value, String text, String id) {

    @SuppressWarnings("unchecked")
    static SortKey of(TaskRecord t, TaskQuery.SortField field) {
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

    static Comparator<SortKey> order(TaskQuery.SortField field, boolean descending) {
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
