package io.todoplatform.operator.runtime;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.lang.reflect.Field;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TodoPlatform a reconciliation queued by java-operator-sdk is for. java-operator-sdk queues a private Runnable
 * that knows its resource only in a private field; it is read here by reflection. If a java-operator-sdk upgrade
 * renames it, no task is known (arrival order, as without {@link SpecChangesFirstQueue}) and a warning says so once;
 * SpecChangesFirstQueueTest and SpecChangesFirstKubeApiServerIT fail then.
 */
final class QueuedTasks {
  private static final Logger LOG = LoggerFactory.getLogger(QueuedTasks.class);
  static final String JOSDK_TASK = "io.javaoperatorsdk.operator.processing.event.EventProcessor$ReconcilerExecutor";
  private static final Field RESOURCE_ID = resourceIdField();

  private final AtomicBoolean warned = new AtomicBoolean();

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
