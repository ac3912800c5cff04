package io.todoplatform.chat.conversation;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Where conversations live: a key-value store with etags and transactions (the Dapr state API). */
public interface ConversationStore {
  <T> Optional<Versioned<T>> read(String key, Class<T> type);

  /**
   * All writes or none; upserts expire {@code ttl} after this write.
   *
   * @throws ConcurrencyConflictException when an etag no longer matches (someone else wrote first)
   * @throws StoreUnavailableException when the store cannot be reached
   */
  void commit(List<StateWrite> writes, Duration ttl);
}
