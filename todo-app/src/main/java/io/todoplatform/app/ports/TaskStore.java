package io.todoplatform.app.ports;

import java.util.List;
import java.util.Optional;

/**
 * Key-value state with etags and atomic multi-key transactions: the Dapr state API in production, an
 * in-memory map without a sidecar. All task, index and outbox documents go through this port.
 */
public interface TaskStore {

  <T> Optional<VersionedDocument<T>> read(String key, Class<T> type);

  /** Reads many keys at once; missing keys are simply absent from the result. */
  <T> List<VersionedDocument<T>> readAll(List<String> keys, Class<T> type);

  /**
   * Applies every write or none of them.
   *
   * @throws ConcurrencyConflictException when an etag no longer matches (someone else wrote first)
   * @throws StoreUnavailableException when the store cannot be reached
   */
  void commit(List<StateWrite> writes);
}
