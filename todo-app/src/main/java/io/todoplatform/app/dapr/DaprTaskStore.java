package io.todoplatform.app.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.ExecuteStateTransactionRequest;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.TaskStore;
import io.todoplatform.app.ports.VersionedDocument;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The state port on the Dapr state API. Every write is etag-guarded with first-write concurrency and
 * strong consistency; several writes go as one state transaction (state.postgresql supports them), so a
 * task change and its outbox entries are committed atomically.
 */
public final class DaprTaskStore implements TaskStore {
  private static final StateOptions GUARDED =
      new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);

  private final DaprClient client;
  private final String storeName;
  private final Duration timeout;

  public DaprTaskStore(DaprClient client, String storeName, Duration timeout) {
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
    try {
      if (writes.size() == 1) {
        commitSingle(writes.get(0));
      } else {
        List<TransactionalStateOperation<?>> ops = new ArrayList<>();
        for (StateWrite w : writes) {
          ops.add(new TransactionalStateOperation<>(
              w.isDelete() ? TransactionalStateOperation.OperationType.DELETE
                  : TransactionalStateOperation.OperationType.UPSERT,
              new State<>(w.key(), w.value(), w.expectedEtag(), GUARDED)));
        }
        client.executeStateTransaction(new ExecuteStateTransactionRequest(storeName).setOperations(ops))
            .block(timeout);
      }
    } catch (RuntimeException e) {
      if (DaprFailures.isConcurrencyConflict(e)) {
        throw new ConcurrencyConflictException("etag mismatch", e);
      }
      throw new StoreUnavailableException("state write failed (" + DaprFailures.describe(e) + ")", e);
    }
  }

  private void commitSingle(StateWrite w) {
    if (w.isDelete()) {
      client.deleteState(storeName, w.key(), w.expectedEtag(), GUARDED).block(timeout);
    } else {
      client.saveState(storeName, w.key(), w.expectedEtag(), w.value(), GUARDED).block(timeout);
    }
  }
}
