package io.todoplatform.app.ports;

import java.util.List;
import java.util.Optional;

/**
 * Key-value state with etags and atomic multi-key transactions: the Dapr state API in production, an in-memory map
 * without a sidecar. Every document of the app (tasks, users' index pages and outboxes, the activity feed) goes
 * through this port; it can neither list keys nor query.
 */
public interface StateStore {

  <T> Optional<VersionedDocument<T>> read(String key, Class<T> type);

  /**
   * Reads many keys in one call; missing keys are absent from the result. Callers keep one call's answer under the
   * sidecar's 4 MiB message limit (see {@link #MAX_BULK_READ_BYTES}).
   */
  <T> List<VersionedDocument<T>> readAll(List<String> keys, Class<T> type);

  /**
   * Applies every write or none of them.
   *
   * @throws ConcurrencyConflictException when an etag or an insert-only condition no longer holds
   * @throws StoreUnavailableException when the store cannot be reached
   */
  void commit(List<StateWrite> writes);

  /** What one bulk read or one transaction may carry: half of daprd's 4 MiB gRPC limit, for the envelope. */
  int MAX_BULK_READ_BYTES = 2 * 1024 * 1024;
}
