package io.todoplatform.app.userdata;

import io.todoplatform.app.domain.TaskSummary;
import java.util.List;

/** Up to {@link UserBatch#PAGE_CAPACITY} summaries of a user's tasks, in no particular order. */
public record IndexPage(List<TaskSummary> entries) {
  public List<TaskSummary> entries() {
    return entries == null ? List.of() : entries;
  }
}
