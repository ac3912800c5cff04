package io.todoplatform.app.domain;

import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.TaskStore;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs a change against a user's data with optimistic concurrency: read, decide, commit with etags; when
 * another writer got there first, start over from a fresh read. A change is therefore either applied
 * completely on top of the latest state or not at all.
 */
public final class UserTransactions {
  /** Generous: many concurrent writers of one user all succeed, each after a few re-reads. */
  private static final int MAX_ATTEMPTS = 200;

  private final TaskStore store;
  private final Consumer<String> afterCommit;

  /** @param afterCommit told the user id after every committed change (the outbox relay listens) */
  public UserTransactions(TaskStore store, Consumer<String> afterCommit) {
    this.store = store;
    this.afterCommit = afterCommit;
  }

  public <R> R run(String userId, Function<UserTransaction, R> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        UserTransaction tx = new UserTransaction(store, userId);
        R result = work.apply(tx);
        List<StateWrite> writes = tx.writes();
        if (!writes.isEmpty()) {
          store.commit(writes);
          afterCommit.accept(userId);
        }
        return result;
      } catch (ConcurrencyConflictException e) {
        if (attempt >= MAX_ATTEMPTS) {
          throw new TemporarilyUnavailableException("too much contention on this user's tasks; retry", e);
        }
        backOff(attempt);
      } catch (StoreUnavailableException e) {
        throw new TemporarilyUnavailableException("the state store is unavailable; nothing was changed", e);
      }
    }
  }

  private static void backOff(int attempt) {
    // Jitter spreads retrying writers apart so they stop colliding.
    long maxMillis = Math.min(50, 1L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(maxMillis + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TemporarilyUnavailableException("interrupted while retrying", e);
    }
  }
}
