package io.todoplatform.app;

import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.VersionedDocument;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The app's store with a test's hook before every transaction: a round trip's pause (as behind a sidecar, so that
 * commits overlap), a count, or a hold until the test releases it. Reads pass straight through.
 */
record InterceptedStore(StateStore delegate, Consumer<List<StateWrite>> beforeCommit) implements StateStore {

  /** A hook that pauses every transaction this long. */
  static Consumer<List<StateWrite>> pause(long millis) {
    return writes -> {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  @Override
  public <T> Optional<VersionedDocument<T>> read(String key, Class<T> type) {
    return delegate.read(key, type);
  }

  @Override
  public <T> List<VersionedDocument<T>> readAll(List<String> keys, Class<T> type) {
    return delegate.readAll(keys, type);
  }

  @Override
  public void commit(List<StateWrite> writes) {
    beforeCommit.accept(writes);
    delegate.commit(writes);
  }
}
