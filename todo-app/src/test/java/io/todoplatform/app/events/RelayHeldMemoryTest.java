package io.todoplatform.app.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.domain.DomainEvent;
import io.todoplatform.app.domain.Priority;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.embedded.InMemoryStateStore;
import io.todoplatform.app.embedded.TimerJobScheduler;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.ports.PublishFailedException;
import io.todoplatform.app.reminders.DueIndex;
import io.todoplatform.app.reminders.ReminderJobSync;
import io.todoplatform.app.userdata.TaskListing;
import io.todoplatform.app.userdata.UserOutbox;
import io.todoplatform.app.userdata.UserWriteQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the relay keeps in memory while events cannot get out fast enough (a lagging broker) or at all (an outage):
 * a bounded amount, whatever the backlog, and still every event delivered in each user's order once they can.
 * The in-memory store stands in for PostgreSQL behind daprd, and a publisher the test holds back for the broker; the
 * outage against the real broker is an end-to-end test (`TodoPlatformEndToEndIT`).
 */
class RelayHeldMemoryTest {
  private static final String DESCRIPTION = "d".repeat(2000); // the largest the API takes: ~5 KB held per event
  private static final long LIMIT = 64 * 1024;

  private final InMemoryStateStore store = new InMemoryStateStore(Clock.systemUTC());
  private final ReplicaRegistry registry = new ReplicaRegistry(store, Clock.systemUTC(), "replica");
  private final AtomicReference<OutboxRelay> relay = new AtomicReference<>();
  private final UserWriteQueue writes = new UserWriteQueue(store, registry, Clock.systemUTC(), new AppMetrics(),
      (u, first, next, committed) -> relay.get().handOver(u, first, next, committed));
  private final TimerJobScheduler jobs = new TimerJobScheduler(Clock.systemUTC());
  /** Each user's published sequence numbers, in publishing order. */
  private final Map<String, List<Long>> published = new ConcurrentHashMap<>();

  private void startRelay(EventPublisher broker) {
    EventPublisher recording = (topic, key, event) -> {
      broker.publish(topic, key, event);
      published.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(event.get("sequence").asLong());
    };
    relay.set(new OutboxRelay(new UserOutbox(store), writes, registry, recording,
        new CloudEventFactory("backend", new Topics("te", "tu", "tr")),
        new ReminderJobSync(new TaskListing(store), jobs, new DueIndex(store, Duration.ofSeconds(10)),
            new AppMetrics()),
        new AppMetrics(), Clock.systemUTC(), 2, Duration.ofMillis(200), LIMIT));
  }

  @AfterEach
  void stop() {
    relay.get().close();
    jobs.close();
  }

  private void create(String user, String title) {
    writes.apply(user, changes -> {
      Instant now = Instant.now();
      TaskRecord task = new TaskRecord.Builder().id(UUID.randomUUID().toString()).userId(user).title(title)
          .description(DESCRIPTION).tags(List.of()).priority(Priority.MEDIUM).occurrence(1).createdAt(now)
          .updatedAt(now).version(1).build();
      changes.put(task);
      changes.emit(DomainEvent.of(DomainEvent.Type.CREATED, task, null));
      return null;
    });
  }

  @Test
  void aLaggingBrokerLeavesTheBacklogInTheStoreNotTheHeapAndEveryEventStillGoesOutInOrder() throws Exception {
    CountDownLatch brokerCatchesUp = new CountDownLatch(1);
    startRelay((topic, key, event) -> {
      try {
        brokerCatchesUp.await(); // both relay threads stall here while the backlog builds up
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    List<String> users = IntStream.range(0, 100).mapToObj(i -> "user-" + i).toList();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    for (String user : users) {
      clients.execute(() -> IntStream.range(0, 4).forEach(i -> create(user, "task " + i)));
    }
    clients.shutdown();
    assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    // 400 events of ~5 KB each (2 MB) are committed and waiting.
    assertThat(relay.get().heldBytes()).as("bytes of handed-over entries held").isPositive().isLessThanOrEqualTo(LIMIT);

    brokerCatchesUp.countDown();

    await().atMost(Duration.ofSeconds(30)).until(() -> users.stream().allMatch(u -> published.getOrDefault(u,
        List.of()).size() >= 4));
    for (String user : users) {
      assertThat(published.get(user)).as(user + "'s events, once each, in order").containsExactly(1L, 2L, 3L, 4L);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> relay.get().heldBytes() == 0
        && relay.get().usersPending() == 0);
  }

  @Test
  void duringAnOutageAFailingUsersNewEntriesAreNotHeldAndAllGoOutWhenTheBrokerIsBack() {
    AtomicBoolean brokerUp = new AtomicBoolean(false);
    CountDownLatch firstRefusal = new CountDownLatch(1);
    startRelay((topic, key, event) -> {
      if (!brokerUp.get()) {
        firstRefusal.countDown();
        throw new PublishFailedException("broker down", false, null);
      }
    });
    String user = "olga";
    create(user, "before the outage was noticed");
    await().atMost(Duration.ofSeconds(5)).until(() -> firstRefusal.getCount() == 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.get().heldBytes() == 0);

    for (int i = 0; i < 10; i++) {
      create(user, "during the outage " + i);
      assertThat(relay.get().heldBytes()).as("held after write %d of a user whose delivery fails", i).isZero();
    }

    brokerUp.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> published.getOrDefault(user, List.of()).size() >= 11);
    assertThat(published.get(user)).containsExactlyElementsOf(longsFrom1To(11));
  }

  private static List<Long> longsFrom1To(int last) {
    return IntStream.rangeClosed(1, last).mapToObj(i -> (long) i).toList();
  }
}
