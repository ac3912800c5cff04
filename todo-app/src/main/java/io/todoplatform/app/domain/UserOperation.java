package io.todoplatform.app.domain;

import java.util.Collection;
import java.util.List;

/**
 * A use case's change of one user's data. It may be run more than once (a concurrent writer on another replica
 * made it start over), so it must only act through {@link UserChanges}.
 */
@FunctionalInterface
public interface UserOperation<R> {
  R apply(UserChanges changes);

  /** Tasks the operation will read: the group it runs in reads them in bulk, with the other operations' ones. */
  default Collection<String> taskIdsRead() {
    return List.of();
  }

  /** An operation that says which tasks it reads (a burst of reminder triggers of one user: one bulk read). */
  static <R> UserOperation<R> reading(Collection<String> taskIds, UserOperation<R> operation) {
    return new UserOperation<>() {
      @Override
      public R apply(UserChanges changes) {
        return operation.apply(changes);
      }

      @Override
      public Collection<String> taskIdsRead() {
        return taskIds;
      }
    };
  }
}
