package io.todoplatform.app.activity;

import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.app.domain.StateKeys;
import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.TaskStore;
import io.todoplatform.app.ports.VersionedDocument;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The consuming side: keeps the last events of each user, de-duplicated by CloudEvent id. The feed lives
 * in the state store, not in memory, because the broker spreads a topic's partitions over the replicas:
 * whichever replica consumed an event, every replica shows it.
 */
public final class ActivityFeed {
  public static final int CAPACITY = 100;
  private static final int REMEMBERED_IDS = 1000;
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

  /** The answer Dapr expects from a subscription handler. */
  public enum Delivery { SUCCESS, RETRY, DROP }

  private final TaskStore store;
  private final Clock clock;

  public ActivityFeed(TaskStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public Delivery accept(JsonNode cloudEvent) {
    String id = cloudEvent.path("id").asText("");
    String type = cloudEvent.path("type").asText("");
    String userId = cloudEvent.path("data").path("userId").asText("");
    if (id.isEmpty() || type.isEmpty() || !USER_ID.matcher(userId).matches()) {
      return Delivery.DROP; // not one of ours: retrying cannot make it valid
    }
    ActivityEntry entry = new ActivityEntry(id, type, cloudEvent.path("subject").asText(null),
        cloudEvent.path("time").asText(null), clock.instant().toString(), cloudEvent.path("data"));
    try {
      for (int attempt = 0; attempt < 100; attempt++) {
        if (tryAppend(userId, entry)) {
          return Delivery.SUCCESS;
        }
      }
      return Delivery.RETRY;
    } catch (StoreUnavailableException e) {
      return Delivery.RETRY;
    }
  }

  private boolean tryAppend(String userId, ActivityEntry entry) {
    Optional<VersionedDocument<ActivityLog>> doc = store.read(StateKeys.activity(userId), ActivityLog.class);
    ActivityLog log = doc.map(VersionedDocument::value).orElse(new ActivityLog(List.of(), List.of()));
    if (log.seenIds().contains(entry.id())) {
      return true; // a redelivery: already recorded once
    }
    List<ActivityEntry> entries = new ArrayList<>(CAPACITY + 1);
    entries.add(entry);
    entries.addAll(log.entries().subList(0, Math.min(log.entries().size(), CAPACITY - 1)));
    List<String> seen = new ArrayList<>(REMEMBERED_IDS + 1);
    seen.add(entry.id());
    seen.addAll(log.seenIds().subList(0, Math.min(log.seenIds().size(), REMEMBERED_IDS - 1)));
    try {
      store.commit(List.of(StateWrite.put(StateKeys.activity(userId), new ActivityLog(entries, seen),
          doc.map(VersionedDocument::etag).orElse(null))));
      return true;
    } catch (ConcurrencyConflictException e) {
      return false;
    }
  }

  public List<ActivityEntry> recent(String userId, int limit) {
    return store.read(StateKeys.activity(userId), ActivityLog.class)
        .map(d -> d.value().entries())
        .map(e -> e.subList(0, Math.min(limit, e.size())))
        .orElse(List.of());
  }
}
