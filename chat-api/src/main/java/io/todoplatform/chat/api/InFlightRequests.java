package io.todoplatform.chat.api;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests being served so a shutdown can wait for them after it starts refusing new ones with 503
 * (readiness fails at the same moment, so the Service stops routing here). A chat message may wait for the
 * model for a while: the drain timeout is the model timeout plus a margin.
 */
public final class InFlightRequests {
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();

  void started() {
    count.incrementAndGet();
  }

  void finished() {
    count.decrementAndGet();
  }

  public boolean draining() {
    return draining.get();
  }

  /** @return true when every request finished within the timeout */
  public boolean drain(Duration timeout) {
    draining.set(true);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (count.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return count.get() <= 0;
  }
}
