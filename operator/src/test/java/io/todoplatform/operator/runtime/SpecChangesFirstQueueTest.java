package io.todoplatform.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformStatus;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpecChangesFirstQueueTest {

  /** A queued reconciliation of one platform; the test decides which are urgent. */
  record Task(String platform, List<String> ran) implements Runnable {
    @Override
    public void run() {
      ran.add(platform);
    }
  }

  @Test
  void aPlatformWithAPendingChangeIsReconciledBeforeTheQueuedResyncWhichKeepsItsOrder() throws Exception {
    Set<String> changed = Collections.synchronizedSet(new java.util.HashSet<>());
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new SpecChangesFirstQueue(task -> changed.contains(((Task) task).platform())));
    CountDownLatch busy = new CountDownLatch(1);
    pool.execute(() -> {
      try {
        busy.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    for (int i = 1; i <= 6; i++) {
      pool.execute(new Task("p" + i, ran));
    }
    // Changed while queued (by the resync): judged when taken, not when queued.
    changed.add("p5");
    changed.add("p3");
    busy.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(ran).containsExactly("p3", "p5", "p1", "p2", "p4", "p6");
  }

  @Test
  void withNoPendingChangeTheOrderIsTheArrivalOrder() throws Exception {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new SpecChangesFirstQueue(task -> false));
    for (int i = 1; i <= 20; i++) {
      pool.execute(new Task("p" + i, ran));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

    assertThat(ran).containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 20)
        .mapToObj(i -> "p" + i).toList());
  }

  /** Guards the reflection against a java-operator-sdk upgrade: the task it queues still names its resource. */
  @Test
  void readsWhichTodoPlatformJavaOperatorSdksQueuedTaskIsFor() throws Exception {
    ResourceID changedId = new ResourceID("todo", "team-a");
    ResourceID appliedId = new ResourceID("todo", "team-b");
    Map<ResourceID, TodoPlatform> cache = Map.of(
        changedId, platform(3, 2L),
        appliedId, platform(3, 3L));
    PendingSpecChange pending = new PendingSpecChange(id -> Optional.ofNullable(cache.get(id)));

    assertThat(pending.test(josdkTask(changedId))).isTrue();
    assertThat(pending.test(josdkTask(appliedId))).isFalse();
    assertThat(pending.test(josdkTask(new ResourceID("gone", "team-c")))).isFalse();
    assertThat(pending.test(() -> { })).as("not java-operator-sdk's task").isFalse();
    assertThat(PendingSpecChange.changed(platform(1, null))).as("never reconciled").isTrue();
  }

  private static Runnable josdkTask(ResourceID id) throws Exception {
    Constructor<?> constructor = Class.forName(PendingSpecChange.JOSDK_TASK).getDeclaredConstructors()[0];
    constructor.setAccessible(true);
    Object[] arguments = new Object[constructor.getParameterCount()];
    for (int i = 0; i < arguments.length; i++) {
      if (constructor.getParameterTypes()[i] == ResourceID.class) {
        arguments[i] = id;
      }
    }
    return (Runnable) constructor.newInstance(arguments);
  }

  private static TodoPlatform platform(long generation, Long observedGeneration) {
    TodoPlatform platform = new TodoPlatform();
    platform.setMetadata(new ObjectMetaBuilder().withName("todo").withGeneration(generation).build());
    if (observedGeneration != null) {
      TodoPlatformStatus status = new TodoPlatformStatus();
      status.setObservedGeneration(observedGeneration);
      platform.setStatus(status);
    }
    return platform;
  }
}
