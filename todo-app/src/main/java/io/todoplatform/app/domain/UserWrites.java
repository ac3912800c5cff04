package io.todoplatform.app.domain;

/** Runs changes of a user's data (port: the storage adapter serialises and batches them per user). */
public interface UserWrites {

  /**
   * Applies the operation on the user's latest data and commits it.
   *
   * @throws TemporarilyUnavailableException when nothing could be committed (store down, too much contention)
   */
  <R> R apply(String userId, UserOperation<R> operation);
}
