package io.todoplatform.operator.runtime;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The TodoPlatforms whose spec changed since their status was last written (no status yet, or
 * status.observedGeneration behind metadata.generation), as the operator's informer delivers them: what
 * {@link SpecChangesFirstQueue} takes first, oldest change first.
 *
 * <p>"Oldest" is the platform's resourceVersion when it is a number (it is on every API server backed by etcd: its
 * revision): a platform changed while no operator ran is then ordered by when it changed, not by when the informer
 * listed it. The order is only a preference, so an opaque resourceVersion just puts that platform after the others.
 */
final class PendingSpecChanges {
  private final Map<ResourceID, Long> changedAt = new ConcurrentHashMap<>();

  /** Every TodoPlatform the informer delivers (added or updated) goes through here. */
  void observe(TodoPlatform platform) {
    ResourceID id = ResourceID.fromResource(platform);
    if (changed(platform)) {
      changedAt.put(id, order(platform.getMetadata().getResourceVersion()));
    } else {
      changedAt.remove(id);
    }
  }

  static boolean changed(TodoPlatform platform) {
    return platform.getStatus() == null
        || !Objects.equals(platform.getStatus().getObservedGeneration(), platform.getMetadata().getGeneration());
  }

  boolean isEmpty() {
    return changedAt.isEmpty();
  }

  /** When the platform's pending change was made (smaller is older); empty when none is pending. */
  OptionalLong changedAt(ResourceID id) {
    Long at = changedAt.get(id);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  /** Its reconciliation was taken: it reads the latest spec, so the change is no longer waiting. */
  void taken(ResourceID id) {
    changedAt.remove(id);
  }

  /** Drops the platforms that are gone (deleted while their change waited: no reconciliation will take them). */
  void forgetUnless(Predicate<ResourceID> stillKnown) {
    changedAt.keySet().removeIf(stillKnown.negate());
  }

  private static long order(String resourceVersion) {
    try {
      return Long.parseLong(resourceVersion);
    } catch (NumberFormatException | NullPointerException opaque) {
      return Long.MAX_VALUE;
    }
  }
}
