package io.todoplatform.service.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts requests being served so a shutdown can wait for them (drain) after it starts refusing new ones
 * with 503 (the readiness probe fails at the same moment, so the Service stops routing here). A service whose
 * requests may wait long (chat-api on its model) gives a drain timeout to match.
 */
public final class InFlightRequests {
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();

  public void started() {
    count.incrementAndGet();
  }

  public void finished() {
    count.decrementAndGet();
  }

  public boolean draining() {
    return draining.get();
  }

  /** @return true when every request finished within the timeout */
  public boolean drain(Duration timeout) {
    draining.set(true);
    long deadline = System.nanoTime() + timeout.toNanos();
    // The draining request (if any) counts itself: probes keep being served during the wait.
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
