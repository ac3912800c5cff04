package io.todoplatform.operator.runtime;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The queue of the reconciliation pool: a reconciliation whose TodoPlatform has a spec change not yet applied is
 * taken before the others, which keep their arrival order.
 *
 * <p>Why: when a replica becomes leader (or at start) java-operator-sdk queues every platform at once, and most of
 * those reconciliations find nothing to do. In arrival order a user's spec change waits behind all of them (with
 * 1,000 platforms, tens of seconds). The urgency is judged when a reconciliation is taken, not when it is queued: a
 * platform queued by the resync and changed while it waits goes first too (java-operator-sdk does not queue it
 * twice; its reconciliation reads the latest spec when it runs).
 *
 * <p>Cost: when the head is not urgent, one look-up per queued reconciliation (a map get); nothing is reordered
 * when no change is pending.
 */
final class SpecChangesFirstQueue extends LinkedBlockingDeque<Runnable> {
  private static final long serialVersionUID = 1L;

  private final transient Predicate<Runnable> urgent;

  SpecChangesFirstQueue(Predicate<Runnable> urgent) {
    this.urgent = urgent;
  }

  @Override
  public Runnable take() throws InterruptedException {
    return urgentOr(super.take());
  }

  @Override
  public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    Runnable head = super.poll(timeout, unit);
    return head == null ? null : urgentOr(head);
  }

  @Override
  public Runnable poll() {
    Runnable head = super.poll();
    return head == null ? null : urgentOr(head);
  }

  private Runnable urgentOr(Runnable head) {
    if (urgent.test(head)) {
      return head;
    }
    for (Runnable queued : this) {
      // Another worker may have taken it meanwhile: then look further.
      if (urgent.test(queued) && removeFirstOccurrence(queued)) {
        offerFirst(head);
        return queued;
      }
    }
    return head;
  }
}
