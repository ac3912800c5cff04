package io.todoplatform.app.userdata;

import io.todoplatform.app.domain.TaskPage;
import io.todoplatform.app.domain.TaskQuery;
import io.todoplatform.app.domain.TaskQueryEngine;
import io.todoplatform.app.domain.TaskReads;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.domain.TaskSummary;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.VersionedDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Listing without the 4 MiB cliff: the user's index pages are read in bulk calls of at most
 * {@link StateStore#MAX_BULK_READ_BYTES} (the head knows each page's size), filtered, sorted and paged in memory,
 * and only the tasks of the answer are read, {@value #TASK_CHUNK} per call. A text search also reads the
 * candidates' descriptions, chunk by chunk, until the page is full. The cost is O(the user's tasks) at most,
 * never O(users), and no single call grows with the user's data.
 */
public final class TaskListing implements TaskReads {
  /** Tasks per bulk read: at most 50 x ~17 KB (a task's worst-case JSON) stays far under the sidecar's limit. */
  static final int TASK_CHUNK = 50;
  private static final int PAGES_PER_CALL = 100;

  private final StateStore store;

  public TaskListing(StateStore store) {
    this.store = store;
  }

  @Override
  public Optional<TaskRecord> task(String taskId) {
    return store.read(StateKeys.task(taskId), TaskDocument.class).map(d -> d.value().task());
  }

  @Override
  public Map<String, TaskRecord> tasks(Collection<String> taskIds) {
    List<String> ids = List.copyOf(taskIds);
    Map<String, TaskRecord> byId = new HashMap<>();
    for (int from = 0; from < ids.size(); from += TASK_CHUNK) {
      List<String> keys = ids.subList(from, Math.min(ids.size(), from + TASK_CHUNK)).stream().map(StateKeys::task)
          .toList();
      store.readAll(keys, TaskDocument.class).stream().map(d -> d.value().task()).filter(java.util.Objects::nonNull)
          .forEach(t -> byId.put(t.id(), t));
    }
    return byId;
  }

  @Override
  public TaskPage list(String userId, TaskQuery query) {
    Optional<UserHead> head = store.read(StateKeys.head(userId), UserHead.class).map(VersionedDocument::value);
    if (head.isEmpty() || head.get().pages().isEmpty()) {
      return new TaskPage(List.of(), null);
    }
    List<TaskSummary> candidates = TaskQueryEngine.candidates(summaries(userId, head.get().pages()), query);
    List<TaskRecord> items = new ArrayList<>();
    TaskSummary last = null;
    boolean more = false;
    int next = 0;
    while (next < candidates.size() && !more) {
      if (query.text() == null && items.size() == query.limit()) {
        // Without a text search every candidate matches: one left over means another page (no need to read it).
        more = true;
        break;
      }
      int chunk = query.text() == null ? Math.min(TASK_CHUNK, query.limit() - items.size()) : TASK_CHUNK;
      List<TaskSummary> slice = candidates.subList(next, Math.min(candidates.size(), next + Math.max(1, chunk)));
      next += slice.size();
      Map<String, TaskRecord> read = tasks(userId, slice);
      for (TaskSummary summary : slice) {
        TaskRecord task = read.get(summary.id());
        if (task == null || !TaskQueryEngine.matches(task, query)) {
          continue; // deleted or changed since the index was read
        }
        if (items.size() == query.limit()) {
          more = true;
          break;
        }
        items.add(task);
        last = summary;
      }
    }
    return new TaskPage(items, more ? TaskQueryEngine.cursorAfter(last, query) : null);
  }

  private List<TaskSummary> summaries(String userId, List<PageInfo> pages) {
    List<TaskSummary> all = new ArrayList<>();
    List<String> call = new ArrayList<>();
    long callBytes = 0;
    for (PageInfo page : pages) {
      if (!call.isEmpty() && (callBytes + page.bytes() > StateStore.MAX_BULK_READ_BYTES || call.size() == PAGES_PER_CALL)) {
        readPages(call, all);
        call.clear();
        callBytes = 0;
      }
      call.add(StateKeys.indexPage(userId, page.n()));
      callBytes += page.bytes();
    }
    readPages(call, all);
    return all;
  }

  private void readPages(List<String> keys, List<TaskSummary> into) {
    if (!keys.isEmpty()) {
      store.readAll(keys, IndexPage.class).forEach(d -> into.addAll(d.value().entries()));
    }
  }

  private Map<String, TaskRecord> tasks(String userId, List<TaskSummary> slice) {
    Map<String, TaskRecord> byId = new HashMap<>();
    for (int from = 0; from < slice.size(); from += TASK_CHUNK) {
      List<String> keys = slice.subList(from, Math.min(slice.size(), from + TASK_CHUNK)).stream()
          .map(s -> StateKeys.task(s.id())).toList();
      for (VersionedDocument<TaskDocument> doc : store.readAll(keys, TaskDocument.class)) {
        TaskRecord task = doc.value().task();
        if (task != null && userId.equals(task.userId())) {
          byId.put(task.id(), task);
        }
      }
    }
    return byId;
  }
}
