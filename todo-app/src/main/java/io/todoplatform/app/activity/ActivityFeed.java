package io.todoplatform.app.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.app.events.EventType;
import io.todoplatform.app.observability.AppMetrics;
import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.VersionedDocument;
import io.todoplatform.app.support.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The consuming side: keeps the last {@value #CAPACITY} events of each user, de-duplicated by CloudEvent id. It
 * lives in the state store, not in memory, because the broker spreads a topic's partitions over the replicas.
 * Only this app's own events (source = its app-id) of a type it publishes are taken: the pub/sub is shared with
 * the apps in spec.scopes, and an event's {@code data.userId} proves nothing by itself.
 *
 * <p>Per user: a small head ({@code next} entry number), a ring of {@value #CAPACITY} entry documents, and one
 * "seen" marker per event id with a TTL. Taking an event writes three bounded documents, whatever the feed holds.
 */
public final class ActivityFeed {
  public static final int CAPACITY = 100;
  static final Duration SEEN_FOR = Duration.ofDays(7);
  private static final int READ_CHUNK = 50;
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

  /** The answer Dapr expects from a subscription handler. */
  public enum Delivery { SUCCESS, RETRY, DROP }

  /** The feed's head: the number the next entry gets. */
  public record FeedHead(long next) {}

  /** Marks an event id as taken. */
  public record Seen(String id) {}

  private final StateStore store;
  private final Clock clock;
  private final String appId;
  private final AppMetrics metrics;

  public ActivityFeed(StateStore store, Clock clock, String appId, AppMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.appId = appId;
    this.metrics = metrics;
  }

  public Delivery accept(JsonNode cloudEvent) {
    String id = cloudEvent.path("id").asText("");
    String type = cloudEvent.path("type").asText("");
    String userId = cloudEvent.path("data").path("userId").asText("");
    String rejection = id.isEmpty() || id.length() > 200 ? "no-id"
        : !appId.equals(cloudEvent.path("source").asText("")) ? "foreign-source"
        : EventType.ofCeType(type).isEmpty() ? "unknown-type"
        : !USER_ID.matcher(userId).matches() ? "no-user"
        : null;
    if (rejection != null) {
      metrics.activityDropped(rejection);
      return Delivery.DROP; // not one of ours: retrying cannot make it ours
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
    String seenKey = seenKey(userId, entry.id());
    if (store.read(seenKey, Seen.class).isPresent()) {
      return true; // a redelivery: already recorded once
    }
    Optional<VersionedDocument<FeedHead>> head = store.read(headKey(userId), FeedHead.class);
    long number = head.map(d -> d.value().next()).orElse(0L);
    try {
      store.commit(List.of(
          StateWrite.put(headKey(userId), encode(new FeedHead(number + 1)), head.map(VersionedDocument::etag)
              .orElse(null)),
          StateWrite.upsert(entryKey(userId, number % CAPACITY), encode(new NumberedEntry(number, entry))),
          StateWrite.insert(seenKey, encode(new Seen(entry.id())), SEEN_FOR)));
      return true;
    } catch (ConcurrencyConflictException e) {
      return false; // another delivery for this user came first (or this very event did): look again
    }
  }

  /** The user's last events, newest first. */
  public List<ActivityEntry> recent(String userId, int limit) {
    long next = store.read(headKey(userId), FeedHead.class).map(d -> d.value().next()).orElse(0L);
    long oldest = Math.max(0, next - Math.min(limit, CAPACITY));
    List<NumberedEntry> entries = new ArrayList<>();
    for (long from = oldest; from < next; from += READ_CHUNK) {
      List<String> keys = new ArrayList<>();
      for (long n = from; n < Math.min(next, from + READ_CHUNK); n++) {
        keys.add(entryKey(userId, n % CAPACITY));
      }
      store.readAll(keys, NumberedEntry.class).stream().map(VersionedDocument::value)
          .filter(e -> e.number() >= oldest && e.number() < next).forEach(entries::add);
    }
    entries.sort(Comparator.comparingLong(NumberedEntry::number).reversed());
    return entries.stream().map(NumberedEntry::entry).toList();
  }

  /** An entry and its position in the user's feed (the ring slot is reused after {@value #CAPACITY} entries). */
  public record NumberedEntry(long number, ActivityEntry entry) {}

  private static String headKey(String userId) {
    return "activity:" + userId + ":head";
  }

  private static String entryKey(String userId, long slot) {
    return "activity:" + userId + ":entry:" + slot;
  }

  private static String seenKey(String userId, String eventId) {
    return "activity:" + userId + ":seen:" + sha256(eventId);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encode(Object document) {
    try {
      return Json.mapper().writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
