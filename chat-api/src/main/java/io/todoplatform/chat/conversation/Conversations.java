package io.todoplatform.chat.conversation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Conversations in the state store. Keys: {@code conversation:<userId>:<conversationId>} (one document per
 * conversation) and {@code conversations:<userId>} (the user's index). Every change is one etag-guarded
 * transaction over the document and the index, retried from a fresh read when another writer was first, so two
 * messages sent to one conversation at once are both kept (in commit order) and the index always matches.
 * Every upsert carries the retention as {@code ttlInSeconds}: a conversation left alone expires on its own, with
 * no background pass over users.
 */
public final class Conversations {
  /** Messages kept per conversation (oldest whole turns dropped first). */
  public static final int MAX_STORED_MESSAGES = 100;
  /** JSON size of one conversation document: far below Dapr's 4 MiB message limit. */
  public static final int MAX_DOCUMENT_BYTES = 512 * 1024;
  /** Conversations per user; one more evicts (deletes) the least recently used. */
  public static final int MAX_CONVERSATIONS_PER_USER = 50;
  static final int TITLE_MAX = 80;
  private static final int MAX_ATTEMPTS = 20;

  private final ConversationStore store;
  private final Duration retention;
  private final Clock clock;

  public Conversations(ConversationStore store, Duration retention, Clock clock) {
    this.store = store;
    this.retention = retention;
    this.clock = clock;
  }

  public Optional<ConversationDocument> find(String userId, String conversationId) {
    return store.read(documentKey(userId, conversationId), ConversationDocument.class).map(Versioned::value)
        .filter(doc -> userId.equals(doc.userId()));
  }

  /** The user's conversations, most recently updated first (those past retention left out). */
  public List<IndexEntry> list(String userId) {
    return store.read(indexKey(userId), ConversationIndex.class).map(Versioned::value)
        .orElseGet(ConversationIndex::empty).unexpired(oldestKept()).items();
  }

  /**
   * Appends one answered message (the user's text, tool calls and results, the reply) to a conversation,
   * creating it when {@code created}.
   *
   * @throws ConversationGoneException when an existing conversation vanished meanwhile
   */
  public ConversationDocument appendTurn(String userId, String conversationId, boolean created,
      List<StoredMessage> turn) {
    for (int attempt = 1; ; attempt++) {
      String now = clock.instant().toString();
      String key = documentKey(userId, conversationId);
      Optional<Versioned<ConversationDocument>> existing = store.read(key, ConversationDocument.class);
      if (!created && existing.isEmpty()) {
        throw new ConversationGoneException(conversationId);
      }
      ConversationDocument document = existing.map(v -> v.value().append(turn, now))
          .orElseGet(() -> new ConversationDocument(conversationId, userId, title(turn), now, now, turn, 0))
          .trimmed(MAX_STORED_MESSAGES, MAX_DOCUMENT_BYTES);
      Optional<Versioned<ConversationIndex>> index = store.read(indexKey(userId), ConversationIndex.class);
      ConversationIndex.Update update = index.map(Versioned::value).orElseGet(ConversationIndex::empty)
          .unexpired(oldestKept())
          .upsert(new IndexEntry(conversationId, document.title(), document.createdAt(), now),
              MAX_CONVERSATIONS_PER_USER);
      List<StateWrite> writes = new ArrayList<>();
      writes.add(StateWrite.upsert(key, document, existing.map(Versioned::etag).orElse(null)));
      writes.add(StateWrite.upsert(indexKey(userId), update.index(), index.map(Versioned::etag).orElse(null)));
      for (IndexEntry evicted : update.evicted()) {
        writes.add(StateWrite.delete(documentKey(userId, evicted.id()), null));
      }
      if (commit(writes, attempt)) {
        return document;
      }
    }
  }

  /** @return false when there was no such conversation */
  public boolean delete(String userId, String conversationId) {
    for (int attempt = 1; ; attempt++) {
      String key = documentKey(userId, conversationId);
      Optional<Versioned<ConversationDocument>> existing = store.read(key, ConversationDocument.class);
      Optional<Versioned<ConversationIndex>> index = store.read(indexKey(userId), ConversationIndex.class);
      boolean listed = index.map(v -> v.value().contains(conversationId)).orElse(false);
      if (existing.isEmpty() && !listed) {
        return false;
      }
      List<StateWrite> writes = new ArrayList<>();
      writes.add(StateWrite.delete(key, existing.map(Versioned::etag).orElse(null)));
      if (listed) {
        writes.add(StateWrite.upsert(indexKey(userId), index.get().value().without(conversationId),
            index.get().etag()));
      }
      if (commit(writes, attempt)) {
        return existing.isPresent();
      }
    }
  }

  /** @return false when another writer was first (retry from a fresh read) */
  private boolean commit(List<StateWrite> writes, int attempt) {
    try {
      store.commit(writes, retention);
      return true;
    } catch (ConcurrencyConflictException e) {
      if (attempt >= MAX_ATTEMPTS) {
        throw new StoreUnavailableException("the conversation kept changing; gave up after " + attempt + " attempts", e);
      }
      backOff(attempt);
      return false;
    }
  }

  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L * Math.min(attempt, 10) + 2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted", e);
    }
  }

  private Instant oldestKept() {
    return clock.instant().minus(retention);
  }

  private static String title(List<StoredMessage> turn) {
    String first = turn.isEmpty() ? "" : turn.get(0).content();
    String oneLine = first == null ? "" : first.strip().replaceAll("\\s+", " ");
    return oneLine.codePointCount(0, oneLine.length()) <= TITLE_MAX ? oneLine
        : oneLine.substring(0, oneLine.offsetByCodePoints(0, TITLE_MAX - 1)) + "…";
  }

  static String documentKey(String userId, String conversationId) {
    return "conversation:" + userId + ":" + conversationId;
  }

  static String indexKey(String userId) {
    return "conversations:" + userId;
  }
}
