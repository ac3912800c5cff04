package io.todoplatform.app.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.domain.DomainEvent;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.embedded.InMemoryStateStore;
import io.todoplatform.app.embedded.TimerJobScheduler;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.ports.PublishFailedException;
import io.todoplatform.app.reminders.DueIndex;
import io.todoplatform.app.reminders.ReminderJobSync;
import io.todoplatform.app.userdata.StateKeys;
import io.todoplatform.app.userdata.TaskListing;
import io.todoplatform.app.userdata.UserHead;
import io.todoplatform.app.userdata.UserOutbox;
import io.todoplatform.app.userdata.UserWriteQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas over one store (the in-memory store stands in for PostgreSQL behind daprd; the real thing, with a
 * process halted between commit and publish, is an end-to-end test): replica A commits a user's change and dies
 * before publishing. Nobody walks the users; B finds the user through A's relay marker once A's heartbeat is
 * stale, takes the delivery lease over and publishes, once.
 */
class RelayTakeOverTest {
  private final InMemoryStateStore store = new InMemoryStateStore(Clock.systemUTC());
  private final MovableClock clock = new MovableClock();
  private final List<ObjectNode> publishedByB = new CopyOnWriteArrayList<>();
  private Replica a;
  private Replica b;

  /** One replica's relay machinery over the shared store. */
  private final class Replica {
    final ReplicaRegistry registry = new ReplicaRegistry(store, clock, "replica");
    final AtomicReference<OutboxRelay> relay = new AtomicReference<>();
    final UserWriteQueue writes = new UserWriteQueue(store, registry, clock, new AppMetrics(),
        (u, first, next, committed) -> relay.get().handOver(u, first, next, committed));
    final TimerJobScheduler jobs = new TimerJobScheduler(clock);

    Replica(EventPublisher publisher) {
      TaskListing reads = new TaskListing(store);
      relay.set(new OutboxRelay(new UserOutbox(store), writes, registry, publisher,
          new CloudEventFactory("backend", new Topics("te", "tu", "tr")),
          new ReminderJobSync(reads, jobs, new DueIndex(store, Duration.ofSeconds(10)), new AppMetrics()),
          new AppMetrics(), clock, 2, Duration.ofMillis(200), 1024 * 1024));
    }

    RelayRecovery recovery() {
      return new RelayRecovery(store, registry, writes, relay.get());
    }
  }

  @AfterEach
  void stop() {
    for (Replica r : new Replica[] {a, b}) {
      if (r != null) {
        r.relay.get().close();
        r.jobs.close();
      }
    }
  }

  private static TaskRecord task(String user, String title) {
    Instant now = Instant.now();
    return new TaskRecord.Builder().id(java.util.UUID.randomUUID().toString()).userId(user).title(title)
        .tags(List.of()).priority(io.todoplatform.app.domain.Priority.MEDIUM).occurrence(1).createdAt(now)
        .updatedAt(now).version(1).build();
  }

  @Test
  void aDeadReplicasUndeliveredEntriesAreFoundThroughItsMarkerAndDeliveredByAnother() {
    // A "dies" before publishing: its publisher never gets anything out.
    a = new Replica((topic, key, event) -> {
      throw new PublishFailedException("A is dead", false, null);
    });
    b = new Replica((topic, key, event) -> publishedByB.add(event));
    String user = "olga";
    a.writes.apply(user, changes -> {
      TaskRecord t = task(user, "committed by A");
      changes.put(t);
      changes.emit(DomainEvent.of(DomainEvent.Type.CREATED, t, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
      return null;
    });
    a.relay.get().close(); // A stops for good: no heartbeat, no retry, no ack
    UserHead head = store.read(StateKeys.head(user), UserHead.class).orElseThrow().value();
    assertThat(head.lease().owner()).isEqualTo(a.registry.self());
    assertThat(store.keysStartingWith("relay:" + a.registry.self() + ":")).hasSize(1);

    assertThat(b.recovery().run()).as("A still counts as alive").isZero();
    clock.advance(ReplicaRegistry.STALE_AFTER.plusSeconds(1));
    assertThat(b.recovery().run()).isEqualTo(1);

    await().atMost(Duration.ofSeconds(5)).until(() -> publishedByB.size() == 1);
    assertThat(publishedByB.get(0).get("data").get("task").get("title").asText()).isEqualTo("committed by A");
    assertThat(publishedByB.get(0).get("sequence").asText()).isEqualTo("0000000000000000001");
    await().atMost(Duration.ofSeconds(5)).until(() -> store.read(StateKeys.head(user), UserHead.class).orElseThrow()
        .value().lease() == null);
    assertThat(store.keysStartingWith("relay:")).as("markers and A's registry entry are gone")
        .containsExactly(StateKeys.replicaRegistry());
    assertThat(store.keysStartingWith("user:" + user + ":outbox:")).isEmpty();
    assertThat(b.recovery().run()).as("nothing left to recover").isZero();
    assertThat(publishedByB).hasSize(1);
  }

  @Test
  void aWriteOnAnotherReplicaWhileTheHolderIsAliveLeavesTheDeliveryToTheHolder() {
    List<ObjectNode> publishedByA = new CopyOnWriteArrayList<>();
    AtomicReference<Boolean> brokerUp = new AtomicReference<>(false);
    a = new Replica((topic, key, event) -> {
      if (!brokerUp.get()) {
        throw new PublishFailedException("broker down", false, null);
      }
      publishedByA.add(event);
    });
    b = new Replica((topic, key, event) -> publishedByB.add(event));
    a.registry.start();
    String user = "carl";
    a.writes.apply(user, changes -> {
      TaskRecord t = task(user, "first, on A");
      changes.put(t);
      changes.emit(DomainEvent.of(DomainEvent.Type.CREATED, t, null));
      return null;
    });
    b.writes.apply(user, changes -> {
      TaskRecord t = task(user, "second, on B");
      changes.put(t);
      changes.emit(DomainEvent.of(DomainEvent.Type.CREATED, t, null));
      return null;
    });
    assertThat(store.read(StateKeys.head(user), UserHead.class).orElseThrow().value().lease().owner())
        .isEqualTo(a.registry.self());

    brokerUp.set(true);

    await().atMost(Duration.ofSeconds(10)).until(() -> publishedByA.size() == 2);
    assertThat(publishedByA).extracting(e -> e.get("data").get("task").get("title").asText())
        .containsExactly("first, on A", "second, on B");
    assertThat(publishedByA).extracting(e -> e.get("sequence").asText())
        .containsExactly("0000000000000000001", "0000000000000000002");
    assertThat(publishedByB).isEmpty();
    a.registry.close();
  }

  /** A clock the test moves forward (to make a heartbeat stale without waiting 30 s). */
  private static final class MovableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }
}
