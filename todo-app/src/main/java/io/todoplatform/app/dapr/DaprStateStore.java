package io.todoplatform.app.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.ExecuteStateTransactionRequest;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.VersionedDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state port on the Dapr state API. Writes go as one state transaction (state.postgresql supports them), with
 * strong consistency; inserts and etag-guarded updates use first-write concurrency (an insert without an etag
 * fails when the key exists: state.postgresql v1 then reports "no item was updated"), upserts last-write. TTLs
 * travel as the {@code ttlInSeconds} metadata.
 */
public final class DaprStateStore implements StateStore {
  private static final StateOptions GUARDED =
      new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);
  private static final StateOptions UNGUARDED =
      new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.LAST_WRITE);

  private final DaprClient client;
  private final String storeName;
  private final Duration timeout;

  public DaprStateStore(DaprClient client, String storeName, Duration timeout) {
    this.client = client;
    this.storeName = storeName;
    this.timeout = timeout;
  }

  @Override
  public <T> Optional<VersionedDocument<T>> read(String key, Class<T> type) {
    try {
      State<T> state = client.getState(storeName, key, GUARDED, type).block(timeout);
      if (state == null || state.getValue() == null) {
        return Optional.empty();
      }
      return Optional.of(new VersionedDocument<>(key, state.getValue(), state.getEtag()));
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("state read failed (" + DaprFailures.describe(e) + ")", e);
    }
  }

  @Override
  public <T> List<VersionedDocument<T>> readAll(List<String> keys, Class<T> type) {
    if (keys.isEmpty()) {
      return List.of();
    }
    try {
      List<State<T>> states = client.getBulkState(storeName, keys, type).block(timeout);
      List<VersionedDocument<T>> found = new ArrayList<>();
      for (State<T> state : states == null ? List.<State<T>>of() : states) {
        if (state.getError() != null && !state.getError().isEmpty()) {
          throw new StoreUnavailableException("bulk read failed for a key: " + state.getError(), null);
        }
        if (state.getValue() != null) {
          found.add(new VersionedDocument<>(state.getKey(), state.getValue(), state.getEtag()));
        }
      }
      return found;
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("state bulk read failed (" + DaprFailures.describe(e) + ")", e);
    }
  }

  @Override
  public void commit(List<StateWrite> writes) {
    if (writes.isEmpty()) {
      return;
    }
    List<TransactionalStateOperation<?>> operations = new ArrayList<>(writes.size());
    for (StateWrite w : writes) {
      Map<String, String> metadata = w.ttl() == null ? Map.of()
          : Map.of("ttlInSeconds", Long.toString(Math.max(1, w.ttl().toSeconds())));
      StateOptions options = w.mode() == StateWrite.Mode.UPSERT || (w.isDelete() && w.expectedEtag() == null)
          ? UNGUARDED : GUARDED;
      operations.add(new TransactionalStateOperation<>(
          w.isDelete() ? TransactionalStateOperation.OperationType.DELETE
              : TransactionalStateOperation.OperationType.UPSERT,
          new State<>(w.key(), w.json(), w.expectedEtag(), metadata, options)));
    }
    try {
      client.executeStateTransaction(new ExecuteStateTransactionRequest(storeName).setOperations(operations))
          .block(timeout);
    } catch (RuntimeException e) {
      if (DaprFailures.isConcurrencyConflict(e)) {
        throw new ConcurrencyConflictException("etag mismatch or key already present", e);
      }
      throw new StoreUnavailableException("state write failed (" + DaprFailures.describe(e) + ")", e);
    }
  }
}
