package io.todoplatform.operator.runtime;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.lang.reflect.Field;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a queued reconciliation is for a TodoPlatform whose spec changed since its status was last written (no
 * status yet, or status.observedGeneration behind metadata.generation): what {@link SpecChangesFirstQueue} takes first.
 *
 * <p>java-operator-sdk queues a private Runnable that knows its resource only in a private field; it is read here
 * by reflection. If a java-operator-sdk upgrade renames it, nothing is urgent (arrival order, as before) and a
 * warning says so once; the benchmark (hack/bench-operator.sh) and SpecChangesFirstKubeApiServerIT show it.
 */
final class PendingSpecChange implements Predicate<Runnable> {
  private static final Logger LOG = LoggerFactory.getLogger(PendingSpecChange.class);
  static final String JOSDK_TASK = "io.javaoperatorsdk.operator.processing.event.EventProcessor$ReconcilerExecutor";
  private static final Field RESOURCE_ID = resourceIdField();

  private final Function<ResourceID, Optional<TodoPlatform>> cache;
  private final AtomicBoolean warned = new AtomicBoolean();

  /** @param cache the operator's TodoPlatform cache (what the reconciliation will read when it runs) */
  PendingSpecChange(Function<ResourceID, Optional<TodoPlatform>> cache) {
    this.cache = cache;
  }

  @Override
  public boolean test(Runnable task) {
    return resourceId(task).flatMap(cache).map(PendingSpecChange::changed).orElse(false);
  }

  static boolean changed(TodoPlatform platform) {
    return platform.getStatus() == null
        || !Objects.equals(platform.getStatus().getObservedGeneration(), platform.getMetadata().getGeneration());
  }

  Optional<ResourceID> resourceId(Runnable task) {
    if (!task.getClass().getName().equals(JOSDK_TASK) || RESOURCE_ID == null) {
      warnOnce(task);
      return Optional.empty();
    }
    try {
      return Optional.ofNullable((ResourceID) RESOURCE_ID.get(task));
    } catch (IllegalAccessException | RuntimeException e) {
      warnOnce(task);
      return Optional.empty();
    }
  }

  private void warnOnce(Runnable task) {
    if (warned.compareAndSet(false, true)) {
      LOG.warn("cannot tell which TodoPlatform a queued reconciliation ({}) is for: reconciling in arrival order,"
          + " spec changes do not go first", task.getClass().getName());
    }
  }

  private static Field resourceIdField() {
    try {
      Field field = Class.forName(JOSDK_TASK).getDeclaredField("resourceID");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}
