package io.todoplatform.chat.conversation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A user's conversations, most recently updated first, at most {@code capacity} of them: adding one more
 * evicts the least recently updated, whose document the caller deletes in the same transaction (an index
 * entry never outlives its document for long, nor the other way round).
 */
public record ConversationIndex(List<IndexEntry> items) {
  public ConversationIndex {
    items = List.copyOf(items);
  }

  public static ConversationIndex empty() {
    return new ConversationIndex(List.of());
  }

  /** The index with {@code entry} first (replacing its old entry), and what no longer fits. */
  public Update upsert(IndexEntry entry, int capacity) {
    List<IndexEntry> all = new ArrayList<>();
    all.add(entry);
    items.stream().filter(e -> !e.id().equals(entry.id())).forEach(all::add);
    // By instant, not by text: Instant.toString() drops trailing zeros, so its strings do not sort by time.
    all.sort(Comparator.comparing((IndexEntry e) -> Instant.parse(e.updatedAt())).reversed());
    List<IndexEntry> kept = all.subList(0, Math.min(capacity, all.size()));
    List<IndexEntry> evicted = all.subList(kept.size(), all.size());
    return new Update(new ConversationIndex(kept), List.copyOf(evicted));
  }

  public ConversationIndex without(String conversationId) {
    return new ConversationIndex(items.stream().filter(e -> !e.id().equals(conversationId)).toList());
  }

  /** Entries whose conversation may still exist (the store expires a document {@code retention} after its update). */
  public ConversationIndex unexpired(Instant oldestKept) {
    return new ConversationIndex(items.stream()
        .filter(e -> !Instant.parse(e.updatedAt()).isBefore(oldestKept)).toList());
  }

  public boolean contains(String conversationId) {
    return items.stream().anyMatch(e -> e.id().equals(conversationId));
  }

  public record Update(ConversationIndex index, List<IndexEntry> evicted) {}
}
