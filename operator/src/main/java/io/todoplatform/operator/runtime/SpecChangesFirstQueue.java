package io.todoplatform.operator.runtime;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The queue of the reconciliation pool: a reconciliation whose TodoPlatform has a spec change not yet applied is
 * taken before the others, the oldest change first; the others keep their arrival order.
 *
 * <p>Why: when a replica becomes leader (or at start) java-operator-sdk queues every platform at once, and most of
 * those reconciliations find nothing to do. In arrival order a user's spec change waits behind all of them (with
 * 1,000 platforms, tens of seconds); taken in queue order rather than change order, the changes made while the new
 * leader is still slow (its JIT cold) waited up to the whole resync too. A platform queued by the resync and changed
 * while it waits goes first as well (java-operator-sdk does not queue it twice; its reconciliation reads the latest
 * spec when it runs).
 *
 * <p>Cost: nothing while no change is pending (the head is taken); otherwise one look-up per queued reconciliation.
 */
final class SpecChangesFirstQueue extends LinkedBlockingDeque<Runnable> {
  private static final long serialVersionUID = 1L;

  private final transient Function<Runnable, Optional<ResourceID>> platformOf;
  private final transient PendingSpecChanges pending;
  private final transient Predicate<ResourceID> known;

  /**
   * @param platformOf which TodoPlatform a queued reconciliation is for
   * @param known whether the operator still has the platform (a deleted one's pending change is dropped)
   */
  SpecChangesFirstQueue(Function<Runnable, Optional<ResourceID>> platformOf, PendingSpecChanges pending,
      Predicate<ResourceID> known) {
    this.platformOf = platformOf;
    this.pending = pending;
    this.known = known;
  }

  @Override
  public Runnable take() throws InterruptedException {
    return oldestChangeOr(super.take());
  }

  @Override
  public Runnable poll(long timeout, TimeUnit unit) throws InterruptedException {
    Runnable head = super.poll(timeout, unit);
    return head == null ? null : oldestChangeOr(head);
  }

  @Override
  public Runnable poll() {
    Runnable head = super.poll();
    return head == null ? null : oldestChangeOr(head);
  }

  private Runnable oldestChangeOr(Runnable head) {
    if (pending.isEmpty()) {
      return head;
    }
    Runnable oldest = null;
    long oldestAt = Long.MAX_VALUE;
    OptionalLong headAt = changedAt(head);
    if (headAt.isPresent()) {
      oldest = head;
      oldestAt = headAt.getAsLong();
    }
    for (Runnable queued : this) {
      OptionalLong at = changedAt(queued);
      if (at.isPresent() && (oldest == null || at.getAsLong() < oldestAt)) {
        oldest = queued;
        oldestAt = at.getAsLong();
      }
    }
    if (oldest == null) {
      // The changed platforms are being reconciled now, or are gone.
      pending.forgetUnless(known);
      return head;
    }
    // Another worker may have taken it meanwhile: then the head it is.
    Runnable taken = oldest == head || !removeFirstOccurrence(oldest) ? head : oldest;
    if (taken != head) {
      offerFirst(head);
    }
    platformOf.apply(taken).ifPresent(pending::taken);
    return taken;
  }

  private OptionalLong changedAt(Runnable task) {
    return platformOf.apply(task).map(pending::changedAt).orElse(OptionalLong.empty());
  }
}
