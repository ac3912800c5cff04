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
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpecChangesFirstQueueTest {
  private static final String NAMESPACE = "team";

  /** A queued reconciliation of one platform (java-operator-sdk's own is read by reflection, tested below). */
  record Task(String platform, List<String> ran) implements Runnable {
    @Override
    public void run() {
      ran.add(platform);
    }
  }

  private final PendingSpecChanges pending = new PendingSpecChanges();
  private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

  @Test
  void platformsWithAPendingChangeAreReconciledFirstOldestChangeFirstAndTheResyncKeepsItsOrder() throws Exception {
    ThreadPoolExecutor pool = pool();
    CountDownLatch busy = blockTheOnlyWorker(pool);
    for (int i = 1; i <= 6; i++) {
      pool.execute(new Task("p" + i, ran));
    }
    // Changed while queued (by the resync): p5 before p3, though p3 was queued first.
    pending.observe(platform("p5", 7, 6L, "1005"));
    pending.observe(platform("p3", 4, 3L, "1009"));
    busy.countDown();
    finish(pool);

    assertThat(ran).containsExactly("p5", "p3", "p1", "p2", "p4", "p6");
  }

  @Test
  void aChangeAppliedBeforeItsReconciliationWasTakenNoLongerGoesFirst() throws Exception {
    ThreadPoolExecutor pool = pool();
    CountDownLatch busy = blockTheOnlyWorker(pool);
    for (int i = 1; i <= 4; i++) {
      pool.execute(new Task("p" + i, ran));
    }
    pending.observe(platform("p4", 2, 1L, "2001"));
    pending.observe(platform("p3", 2, 1L, "2002"));
    // p4's status now says its generation is applied (by a reconciliation already under way).
    pending.observe(platform("p4", 2, 2L, "2003"));
    busy.countDown();
    finish(pool);

    assertThat(ran).containsExactly("p3", "p1", "p2", "p4");
  }

  @Test
  void withNoPendingChangeTheOrderIsTheArrivalOrder() throws Exception {
    ThreadPoolExecutor pool = pool();
    for (int i = 1; i <= 20; i++) {
      pool.execute(new Task("p" + i, ran));
    }
    finish(pool);

    assertThat(ran).containsExactlyElementsOf(IntStream.rangeClosed(1, 20).mapToObj(i -> "p" + i).toList());
  }

  @Test
  void aPendingChangeIsForgottenOnceTakenOrOnceItsPlatformIsGone() {
    ResourceID taken = new ResourceID("taken", NAMESPACE);
    pending.observe(platform("taken", 1, null, "5"));
    pending.observe(platform("gone", 3, 2L, "6"));
    pending.observe(platform("applied", 3, 3L, "7"));
    assertThat(pending.changedAt(taken)).hasValue(5);
    assertThat(pending.changedAt(new ResourceID("applied", NAMESPACE))).isEmpty();

    pending.taken(taken);
    pending.forgetUnless(id -> !id.getName().equals("gone"));

    assertThat(pending.isEmpty()).isTrue();
  }

  @Test
  void anOpaqueResourceVersionGoesAfterTheNumberedOnes() {
    pending.observe(platform("opaque", 2, 1L, "not-a-number"));
    pending.observe(platform("numbered", 2, 1L, "99"));

    assertThat(pending.changedAt(new ResourceID("opaque", NAMESPACE)).getAsLong())
        .isGreaterThan(pending.changedAt(new ResourceID("numbered", NAMESPACE)).getAsLong());
  }

  /** Guards the reflection against a java-operator-sdk upgrade: the task it queues still names its resource. */
  @Test
  void readsWhichTodoPlatformJavaOperatorSdksQueuedTaskIsFor() throws Exception {
    ResourceID id = new ResourceID("todo", "team-a");
    QueuedTasks tasks = new QueuedTasks();

    assertThat(tasks.resourceId(josdkTask(id))).contains(id);
    assertThat(tasks.resourceId(() -> { })).as("not java-operator-sdk's task").isEmpty();
  }

  private ThreadPoolExecutor pool() {
    return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new SpecChangesFirstQueue(
        task -> task instanceof Task t ? Optional.of(new ResourceID(t.platform(), NAMESPACE)) : Optional.empty(),
        pending, id -> true));
  }

  private static CountDownLatch blockTheOnlyWorker(ThreadPoolExecutor pool) {
    CountDownLatch busy = new CountDownLatch(1);
    pool.execute(() -> {
      try {
        busy.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    return busy;
  }

  private static void finish(ThreadPoolExecutor pool) throws InterruptedException {
    pool.shutdown();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private static Runnable josdkTask(ResourceID id) throws Exception {
    Constructor<?> constructor = Class.forName(QueuedTasks.JOSDK_TASK).getDeclaredConstructors()[0];
    constructor.setAccessible(true);
    Object[] arguments = new Object[constructor.getParameterCount()];
    for (int i = 0; i < arguments.length; i++) {
      if (constructor.getParameterTypes()[i] == ResourceID.class) {
        arguments[i] = id;
      }
    }
    return (Runnable) constructor.newInstance(arguments);
  }

  private static TodoPlatform platform(String name, long generation, Long observedGeneration, String version) {
    TodoPlatform platform = new TodoPlatform();
    platform.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).withGeneration(generation)
        .withResourceVersion(version).build());
    if (observedGeneration != null) {
      TodoPlatformStatus status = new TodoPlatformStatus();
      status.setObservedGeneration(observedGeneration);
      platform.setStatus(status);
    }
    return platform;
  }
}
