package io.todoplatform.app.userdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.support.Json;
import io.todoplatform.app.ports.VersionedDocument;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

/** Reads a user's outbox for the relay: the head's window, then the entries in chunks (never the whole backlog). */
public final class UserOutbox {
  /** Entries per read: an entry is at most ~20 KB (an event with a full task snapshot). */
  public static final int CHUNK = 50;

  private final StateStore store;

  public UserOutbox(StateStore store) {
    this.store = store;
  }

  public Optional<UserHead> head(String userId) {
    return store.read(StateKeys.head(userId), UserHead.class).map(VersionedDocument::value);
  }

  /** The entries {@code [from, toExclusive)} that exist, in order; at most {@link #CHUNK} of them are asked for. */
  public List<OutboxRecord> entries(String userId, long from, long toExclusive) {
    long to = Math.min(toExclusive, from + CHUNK);
    List<String> keys = LongStream.range(from, to).mapToObj(n -> StateKeys.outbox(userId, n)).toList();
    List<OutboxRecord> records = new ArrayList<>();
    for (VersionedDocument<JsonNode> doc : store.readAll(keys, JsonNode.class)) {
      records.add(decode(doc));
    }
    records.sort(Comparator.comparingLong(OutboxRecord::n));
    return records;
  }

  /**
   * One entry; an entry that cannot be read (written by another version, damaged) comes back empty, so the relay
   * dead-letters it instead of stopping the user's outbox on it.
   */
  private static OutboxRecord decode(VersionedDocument<JsonNode> doc) {
    long n = Long.parseLong(doc.key().substring(doc.key().lastIndexOf(':') + 1));
    try {
      OutboxRecord record = Json.mapper().treeToValue(doc.value(), OutboxRecord.class);
      if (record.n() == n && (record.event() == null) != (record.reminder() == null)) {
        return record;
      }
    } catch (JsonProcessingException | IllegalArgumentException e) {
      // falls through to the unreadable entry
    }
    return new OutboxRecord(n, null, null);
  }
}
