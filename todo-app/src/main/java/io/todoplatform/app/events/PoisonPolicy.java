package io.todoplatform.app.events;

import io.todoplatform.app.ports.DeliveryException;
import io.todoplatform.app.userdata.OutboxRecord;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a poison entry (one that will never be delivered) from an outage (nothing gets through for a while): an
 * entry that fails without the sidecar being involved (it cannot be read or turned into a request) is poison at
 * once; an entry the sidecar refused is poison once it failed {@value #ATTEMPTS} times while other entries of the
 * same kind were delivered since its first failure. Anything else - sidecar or broker unreachable - is retried.
 */
final class PoisonPolicy {
  static final int ATTEMPTS = 5;

  enum Kind { PUBLISH, JOB }

  enum Verdict { POISON, RETRY }

  private record Failures(int attempts, long firstAt) {}

  private final Clock clock;
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Map<Kind, AtomicLong> lastSuccess = Map.of(Kind.PUBLISH, new AtomicLong(), Kind.JOB, new AtomicLong());

  PoisonPolicy(Clock clock) {
    this.clock = clock;
  }

  static Kind kindOf(OutboxRecord record) {
    return record.reminder() != null ? Kind.JOB : Kind.PUBLISH;
  }

  void delivered(String userId, OutboxRecord record) {
    failures.remove(key(userId, record));
    lastSuccess.get(kindOf(record)).set(clock.millis());
  }

  Verdict failed(String userId, OutboxRecord record, RuntimeException error) {
    String key = key(userId, record);
    if (!(error instanceof DeliveryException delivery)) {
      failures.remove(key);
      return Verdict.POISON;
    }
    if (!delivery.rejected()) {
      return Verdict.RETRY;
    }
    long now = clock.millis();
    Failures f = failures.merge(key, new Failures(1, now), (a, b) -> new Failures(a.attempts() + 1, a.firstAt()));
    boolean othersGetThrough = lastSuccess.get(kindOf(record)).get() > f.firstAt();
    if (f.attempts() >= ATTEMPTS && othersGetThrough) {
      failures.remove(key);
      return Verdict.POISON;
    }
    return Verdict.RETRY;
  }

  /** Bookkeeping of a user whose lease this replica lost: forget it. */
  void forget(String userId) {
    failures.keySet().removeIf(k -> k.startsWith(userId + "#"));
  }

  private static String key(String userId, OutboxRecord record) {
    return userId + "#" + record.n();
  }
}
