package io.todoplatform.app.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.todoplatform.app.embedded.InMemoryStateStore;
import io.todoplatform.app.events.ReplicaRegistry;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.userdata.StateKeys;
import io.todoplatform.app.userdata.TaskListing;
import io.todoplatform.app.userdata.UserHead;
import io.todoplatform.app.userdata.UserWriteQueue;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A user's index is bounded: past {@link Limits#MAX_TASKS_PER_USER} tasks a create is refused (409), so the head
 * document listing the pages stays small (here with the in-memory store; 20,000 creates take a few seconds).
 */
class TaskLimitTest {

  @Test
  void theCreatePastTheLimitIsRefusedAndTheHeadStaysSmall() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore(Clock.systemUTC());
    UserWriteQueue writes = new UserWriteQueue(store, new ReplicaRegistry(store, Clock.systemUTC(), "test"),
        Clock.systemUTC(), new AppMetrics(), (u, first, next, committed) -> { });
    TaskService tasks = new TaskService(writes, new TaskListing(store), Clock.systemUTC());
    TaskDraft draft = new TaskDraft("t", "", Priority.MEDIUM, List.of(), null, null, "UTC", null);
    // Sixteen writers at once: their creates are group-committed, which keeps this test to a few seconds.
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < Limits.MAX_TASKS_PER_USER / 500; round++) {
        List<Callable<Object>> creates = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          creates.add(() -> tasks.create("heavy", draft, null, null));
        }
        for (Future<Object> f : pool.invokeAll(creates)) {
          f.get();
        }
        writes.acknowledge("heavy", Long.MAX_VALUE, List.of()); // no relay here: the outbox is emptied by hand
      }
    } finally {
      pool.shutdown();
    }

    assertThatThrownBy(() -> tasks.create("heavy", draft, null, null)).isInstanceOf(TaskLimitException.class)
        .hasMessageContaining("at most 20000 tasks");

    UserHead head = store.read(StateKeys.head("heavy"), UserHead.class).orElseThrow().value();
    assertThat(head.taskCount()).isEqualTo(Limits.MAX_TASKS_PER_USER);
    assertThat(head.pages()).hasSize(Limits.MAX_TASKS_PER_USER / 100);
    assertThat(io.todoplatform.app.userdata.Documents.encode(head).length).as("head bytes").isLessThan(8 * 1024);
  }
}
