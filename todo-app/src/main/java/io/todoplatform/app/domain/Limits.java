package io.todoplatform.app.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Bounds on what the API accepts, so that nothing it accepted can fail later: every instant fits RFC 3339 with a
 * four-digit year (what the Dapr Scheduler parses), a reminder is scheduled at most a century ahead, and a user's
 * index stays a bounded set of bounded pages.
 */
public final class Limits {
  public static final Instant MIN_INSTANT = Instant.parse("1970-01-01T00:00:00Z");
  public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59Z");
  /** About a hundred years: further ahead a reminder is a mistake, not a plan. */
  public static final Duration MAX_REMINDER_AHEAD = Duration.ofDays(36_525);
  /** Tasks one user may have at once (completed ones included). */
  public static final int MAX_TASKS_PER_USER = 20_000;
  /** Undelivered side effects past which a user's further changes are refused (503) instead of piling up. */
  public static final int MAX_PENDING_OUTBOX = 1_000;

  private Limits() {}

  public static boolean inRange(Instant instant) {
    return !instant.isBefore(MIN_INSTANT) && !instant.isAfter(MAX_INSTANT);
  }
}
