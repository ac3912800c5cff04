package io.todoplatform.chat.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.domain.ExecuteStateTransactionRequest;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import io.todoplatform.chat.conversation.ConcurrencyConflictException;
import io.todoplatform.chat.conversation.ConversationStore;
import io.todoplatform.chat.conversation.StateWrite;
import io.todoplatform.chat.conversation.StoreUnavailableException;
import io.todoplatform.chat.conversation.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The conversation store on the Dapr state API: reads with strong consistency, every change one state
 * transaction with first-write etags, upserts with {@code ttlInSeconds} (the store deletes expired documents
 * itself; state.postgresql and state.in-memory both honour it, also inside transactions).
 */
public final class DaprConversationStore implements ConversationStore {
  private static final StateOptions GUARDED =
      new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.FIRST_WRITE);
  /** A delete without an etag (an evicted conversation, whatever its version): first-write would refuse it. */
  private static final StateOptions UNCONDITIONAL =
      new StateOptions(StateOptions.Consistency.STRONG, StateOptions.Concurrency.LAST_WRITE);

  private final DaprClient client;
  private final String storeName;
  private final Duration timeout;

  public DaprConversationStore(DaprClient client, String storeName, Duration timeout) {
    this.client = client;
    this.storeName = storeName;
    this.timeout = timeout;
  }

  @Override
  public <T> Optional<Versioned<T>> read(String key, Class<T> type) {
    try {
      State<T> state = client.getState(storeName, key, GUARDED, type).block(timeout);
      if (state == null || state.getValue() == null) {
        return Optional.empty();
      }
      return Optional.of(new Versioned<>(state.getValue(), state.getEtag()));
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("state read failed: " + GrpcFailures.code(e).map(Enum::name)
          .orElse(e.getClass().getSimpleName()), e);
    }
  }

  @Override
  public void commit(List<StateWrite> writes, Duration ttl) {
    Map<String, String> expiry = Map.of("ttlInSeconds", Long.toString(ttl.toSeconds()));
    List<TransactionalStateOperation<?>> operations = new ArrayList<>();
    for (StateWrite write : writes) {
      operations.add(write.isDelete()
          ? new TransactionalStateOperation<>(TransactionalStateOperation.OperationType.DELETE,
              new State<>(write.key(), null, write.etag(), write.etag() == null ? UNCONDITIONAL : GUARDED))
          : new TransactionalStateOperation<>(TransactionalStateOperation.OperationType.UPSERT,
              new State<>(write.key(), write.value(), write.etag(), expiry, GUARDED)));
    }
    try {
      client.executeStateTransaction(new ExecuteStateTransactionRequest(storeName).setOperations(operations))
          .block(timeout);
    } catch (RuntimeException e) {
      if (GrpcFailures.isConcurrencyConflict(e)) {
        throw new ConcurrencyConflictException("etag mismatch", e);
      }
      throw new StoreUnavailableException("state transaction failed: " + GrpcFailures.code(e).map(Enum::name)
          .orElse(e.getClass().getSimpleName()), e);
    }
  }
}
