package io.todoplatform.app.domain;

/**
 * A use case's change of one user's data. It may be run more than once (a concurrent writer on another replica
 * made it start over), so it must only act through {@link UserChanges}.
 */
@FunctionalInterface
public interface UserOperation<R> {
  R apply(UserChanges changes);
}
