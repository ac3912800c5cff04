package io.todoplatform.app.domain;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Reading tasks (port: the storage adapter knows where they and the users' indexes are). */
public interface TaskReads {

  /** The task, whoever owns it. */
  Optional<TaskRecord> task(String taskId);

  /** The tasks that exist among these ids, by id, read in bounded bulk calls. */
  Map<String, TaskRecord> tasks(Collection<String> taskIds);

  TaskPage list(String userId, TaskQuery query);
}
