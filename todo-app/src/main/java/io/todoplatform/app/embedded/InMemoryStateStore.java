package io.todoplatform.app.embedded;

import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.VersionedDocument;
import io.todoplatform.app.support.Json;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state port in process memory, with the semantics of the Dapr state API the app relies on: etags that change
 * on every write, insert-only writes, unconditional upserts, TTLs, all-or-nothing transactions. Values are kept as
 * JSON bytes, as a real store keeps them, so no caller can alter a stored document through a shared object.
 */
public final class InMemoryStateStore implements StateStore {
  private record Stored(byte[] json, String etag, long expiresAtMillis) {
    boolean expired(long now) {
      return expiresAtMillis > 0 && expiresAtMillis <= now;
    }
  }

  private final Map<String, Stored> data = new HashMap<>();
  private final AtomicLong etags = new AtomicLong();
  private final AtomicLong writeCalls = new AtomicLong();
  private final Clock clock;
  private volatile boolean available = true;

  public InMemoryStateStore(Clock clock) {
    this.clock = clock;
  }

  /** Simulates the store (or the sidecar in front of it) going away, for outage handling. */
  public void setAvailable(boolean isAvailable) {
    available = isAvailable;
  }

  /** Transactions committed so far (tests count them to see writes being grouped). */
  public long commits() {
    return writeCalls.get();
  }

  /** Keys currently stored whose name starts with the prefix (for tests: the state API itself cannot list). */
  public synchronized List<String> keysStartingWith(String prefix) {
    long now = clock.millis();
    return data.entrySet().stream().filter(e -> e.getKey().startsWith(prefix) && !e.getValue().expired(now))
        .map(Map.Entry::getKey).sorted().toList();
  }

  private void requireAvailable() {
    if (!available) {
      throw new StoreUnavailableException("in-memory store is switched off", null);
    }
  }

  private Stored live(String key) {
    Stored stored = data.get(key);
    return stored == null || stored.expired(clock.millis()) ? null : stored;
  }

  @Override
  public synchronized <T> Optional<VersionedDocument<T>> read(String key, Class<T> type) {
    requireAvailable();
    Stored stored = live(key);
    return stored == null ? Optional.empty()
        : Optional.of(new VersionedDocument<>(key, decode(stored, type), stored.etag()));
  }

  @Override
  public synchronized <T> List<VersionedDocument<T>> readAll(List<String> keys, Class<T> type) {
    List<VersionedDocument<T>> found = new ArrayList<>();
    for (String key : keys) {
      read(key, type).ifPresent(found::add);
    }
    return found;
  }

  @Override
  public synchronized void commit(List<StateWrite> writes) {
    requireAvailable();
    for (StateWrite w : writes) {
      Stored current = live(w.key());
      boolean holds = switch (w.mode()) {
        case INSERT -> current == null;
        case UPDATE -> current != null && current.etag().equals(w.expectedEtag());
        case UPSERT -> true;
        case DELETE -> w.expectedEtag() == null || (current != null && current.etag().equals(w.expectedEtag()));
      };
      if (!holds) {
        throw new ConcurrencyConflictException("etag mismatch or key present on " + w.key(), null);
      }
    }
    Map<String, Stored> staged = new HashMap<>();
    long now = clock.millis();
    for (StateWrite w : writes) {
      long expires = w.ttl() == null ? 0 : now + w.ttl().toMillis();
      staged.put(w.key(), w.isDelete() ? null : new Stored(w.json().clone(), Long.toString(etags.incrementAndGet()),
          expires));
    }
    staged.forEach((key, stored) -> {
      if (stored == null) {
        data.remove(key);
      } else {
        data.put(key, stored);
      }
    });
    writeCalls.incrementAndGet();
  }

  private static <T> T decode(Stored stored, Class<T> type) {
    try {
      return Json.mapper().readValue(stored.json(), type);
    } catch (IOException e) {
      throw new IllegalStateException("stored value not readable as " + type.getSimpleName(), e);
    }
  }
}
