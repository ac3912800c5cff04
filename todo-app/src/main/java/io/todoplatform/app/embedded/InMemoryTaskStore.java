package io.todoplatform.app.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.TaskStore;
import io.todoplatform.app.ports.VersionedDocument;
import io.todoplatform.app.support.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state port in process memory, with the semantics of the Dapr state API the app relies on: etags
 * that change on every write, first-write (insert-only) when no etag is given, all-or-nothing
 * transactions. Values are kept as JSON bytes, as a real store keeps them, so no caller can alter a stored
 * document through a shared object.
 */
public final class InMemoryTaskStore implements TaskStore {
  private record Stored(byte[] json, String etag) {}

  private final Map<String, Stored> data = new HashMap<>();
  private final AtomicLong etags = new AtomicLong();
  private volatile boolean available = true;

  /** Simulates the store (or the sidecar in front of it) going away, for outage handling. */
  public void setAvailable(boolean isAvailable) {
    available = isAvailable;
  }

  private void requireAvailable() {
    if (!available) {
      throw new StoreUnavailableException("in-memory store is switched off", null);
    }
  }

  @Override
  public synchronized <T> Optional<VersionedDocument<T>> read(String key, Class<T> type) {
    requireAvailable();
    Stored stored = data.get(key);
    return stored == null ? Optional.empty() : Optional.of(new VersionedDocument<>(key, decode(stored, type), stored.etag()));
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
      Stored current = data.get(w.key());
      boolean matches = w.expectedEtag() == null ? current == null
          : current != null && current.etag().equals(w.expectedEtag());
      if (!matches) {
        throw new ConcurrencyConflictException("etag mismatch on " + w.key(), null);
      }
    }
    Map<String, Stored> staged = new HashMap<>();
    for (StateWrite w : writes) {
      staged.put(w.key(), w.isDelete() ? null : new Stored(encode(w.value()), Long.toString(etags.incrementAndGet())));
    }
    staged.forEach((key, stored) -> {
      if (stored == null) {
        data.remove(key);
      } else {
        data.put(key, stored);
      }
    });
  }

  private static byte[] encode(Object value) {
    try {
      return Json.mapper().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new StoreUnavailableException("value not serializable", e);
    }
  }

  private static <T> T decode(Stored stored, Class<T> type) {
    try {
      return Json.mapper().readValue(stored.json(), type);
    } catch (IOException e) {
      throw new StoreUnavailableException("stored value not readable", e);
    }
  }
}
