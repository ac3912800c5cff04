package io.todoplatform.app.reminders;

import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.VersionedDocument;
import io.todoplatform.app.userdata.Documents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reminders due in each time bucket ({@code due:<width>:<bucket start>:<shard>:<part>}), so that the sweep
 * reads only the buckets between its checkpoint and now: O(reminders due), never O(users). Each bucket is spread
 * over {@value #SHARDS} shard documents (by task), each shard over parts of at most {@value #PART_CAPACITY}
 * entries, so no document is hot for long or grows without bound. Entries are never removed when a reminder moves
 * or its task goes: the sweep checks each entry against the task, and deletes a bucket once it has passed.
 * Written by the relay (with the job command), not in the user's transaction: users do not contend on it.
 */
public final class DueIndex {
  public static final int SHARDS = 16;
  static final int PART_CAPACITY = 1000;
  private static final int MAX_ATTEMPTS = 50;

  /** One reminder that was due in a bucket. */
  public record DueEntry(String userId, String taskId, Instant remindAt) {}

  /** One part of a bucket's shard. */
  public record DuePart(List<DueEntry> entries) {
    public List<DueEntry> entries() {
      return entries == null ? List.of() : entries;
    }
  }

  /** What a bucket held, and the documents to delete once it is handled. */
  public record Bucket(List<DueEntry> entries, List<String> keys) {}

  private final StateStore store;
  private final long widthSeconds;

  public DueIndex(StateStore store, Duration width) {
    this.store = store;
    this.widthSeconds = Math.max(1, width.toSeconds());
  }

  public Duration width() {
    return Duration.ofSeconds(widthSeconds);
  }

  /** Start (epoch seconds) of the bucket holding this instant. */
  public long bucketOf(Instant instant) {
    return Math.floorDiv(instant.getEpochSecond(), widthSeconds) * widthSeconds;
  }

  private String key(long bucket, int shard, int part) {
    return "due:" + widthSeconds + ":" + bucket + ":" + shard + ":" + part;
  }

  private static int shardOf(String taskId) {
    return Math.floorMod(taskId.hashCode(), SHARDS);
  }

  /**
   * Adds the entries (an entry already listed is not added twice). The relay's threads add at once: their entries
   * are written together by whichever of them came first (one read and one write per shard document for all of
   * them), so they do not contend on the same documents; replicas still may, and retry.
   */
  public void add(List<DueEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    Request mine = new Request(entries);
    boolean leading;
    synchronized (queue) {
      queue.add(mine);
      leading = !writing;
      writing = true;
    }
    if (leading) {
      while (true) {
        List<Request> group;
        synchronized (queue) {
          if (queue.isEmpty()) {
            writing = false;
            break;
          }
          group = new ArrayList<>(queue);
          queue.clear();
        }
        RuntimeException failure = null;
        try {
          write(group.stream().flatMap(r -> r.entries.stream()).toList());
        } catch (RuntimeException e) {
          failure = e;
        }
        for (Request request : group) {
          request.complete(failure);
        }
      }
    }
    mine.await();
  }

  private final java.util.ArrayDeque<Request> queue = new java.util.ArrayDeque<>();
  private boolean writing;

  /** One caller's entries and, once written, the outcome. */
  private static final class Request {
    final List<DueEntry> entries;
    private boolean done;
    private RuntimeException failure;

    Request(List<DueEntry> entries) {
      this.entries = entries;
    }

    synchronized void complete(RuntimeException error) {
      failure = error;
      done = true;
      notifyAll();
    }

    synchronized void await() {
      boolean interrupted = false;
      while (!done) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void write(List<DueEntry> entries) {
    Map<String, List<DueEntry>> byShard = new LinkedHashMap<>();
    for (DueEntry entry : entries) {
      byShard.computeIfAbsent(bucketOf(entry.remindAt()) + ":" + shardOf(entry.taskId()), k -> new ArrayList<>())
          .add(entry);
    }
    byShard.values().forEach(this::addToShard);
  }

  private void addToShard(List<DueEntry> entries) {
    long bucket = bucketOf(entries.get(0).remindAt());
    int shard = shardOf(entries.get(0).taskId());
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      List<DueEntry> missing = new ArrayList<>(entries);
      int part = 0;
      Optional<VersionedDocument<DuePart>> doc;
      while (true) {
        doc = store.read(key(bucket, shard, part), DuePart.class);
        doc.ifPresent(d -> missing.removeAll(d.value().entries()));
        if (doc.isEmpty() || doc.get().value().entries().size() < PART_CAPACITY) {
          break;
        }
        part++;
      }
      if (missing.isEmpty()) {
        return;
      }
      List<DueEntry> updated = new ArrayList<>(doc.map(d -> d.value().entries()).orElse(List.of()));
      // A part takes what fits; the rest goes to the next part on the next round.
      List<DueEntry> now = missing.subList(0, Math.min(missing.size(), PART_CAPACITY - updated.size()));
      updated.addAll(now);
      try {
        store.commit(List.of(StateWrite.put(key(bucket, shard, part), Documents.encode(new DuePart(updated)),
            doc.map(VersionedDocument::etag).orElse(null))));
        if (now.size() == missing.size()) {
          return;
        }
      } catch (ConcurrencyConflictException e) {
        // another replica added to the same shard: read again, a little later
        try {
          Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 20));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StoreUnavailableException("interrupted", interrupted);
        }
      }
    }
    throw new StoreUnavailableException("the due index stays contended", null);
  }

  /** Every entry of a bucket: part 0 of each shard in one read, further parts only where a shard overflowed. */
  public Bucket read(long bucket) {
    List<DueEntry> entries = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<String> wanted = new ArrayList<>();
    for (int shard = 0; shard < SHARDS; shard++) {
      wanted.add(key(bucket, shard, 0));
    }
    int part = 0;
    while (!wanted.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (VersionedDocument<DuePart> doc : store.readAll(wanted, DuePart.class)) {
        entries.addAll(doc.value().entries());
        keys.add(doc.key());
        if (doc.value().entries().size() >= PART_CAPACITY) {
          String prefix = doc.key().substring(0, doc.key().lastIndexOf(':') + 1);
          next.add(prefix + (part + 1));
        }
      }
      wanted = next;
      part++;
    }
    return new Bucket(entries, keys);
  }
}
