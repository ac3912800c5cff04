package io.todoplatform.app.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * Computes the next occurrence of a recurring task. Dates move in UTC. Every occurrence is computed from
 * the series anchor ({@code anchor + k * interval}), never from the previous occurrence, so month-end
 * clamping does not drift: Jan 31 -> Feb 28 (or 29 in a leap year) -> Mar 31.
 */
public final class RecurrencePlanner {

  private RecurrencePlanner() {}

  /** The next occurrence's dates, or empty when the rule's {@code count} or {@code until} ends the series. */
  public static Optional<NextDates> next(TaskRecord task, Instant completedAt) {
    Recurrence rule = task.recurrence();
    if (rule == null) {
      return Optional.empty();
    }
    int nextOccurrence = task.occurrence() + 1;
    if (rule.count() != null && nextOccurrence > rule.count()) {
      return Optional.empty();
    }
    int anchorOccurrence = Math.max(1, task.seriesAnchorOccurrence());
    long steps = (long) nextOccurrence - anchorOccurrence;
    Instant dueAnchor = task.seriesDueAnchor() != null ? task.seriesDueAnchor() : task.dueAt();
    Instant remindAnchor = task.seriesRemindAnchor() != null ? task.seriesRemindAnchor() : task.remindAt();
    Instant due = dueAnchor == null ? null : advance(dueAnchor, rule, steps);
    Instant remind = remindAnchor == null ? null : advance(remindAnchor, rule, steps);
    // A series without dates is bounded by `until` through the moment the next occurrence comes up.
    Instant reference = due != null ? due : remind != null ? remind : advance(completedAt, rule, 1);
    if (rule.until() != null && reference.isAfter(rule.until())) {
      return Optional.empty();
    }
    return Optional.of(new NextDates(nextOccurrence, due, remind));
  }

  static Instant advance(Instant anchor, Recurrence rule, long steps) {
    ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
    long amount = steps * rule.interval();
    ZonedDateTime moved = switch (rule.frequency()) {
      case DAILY -> start.plusDays(amount);
      case WEEKLY -> start.plusWeeks(amount);
      case MONTHLY -> start.plusMonths(amount); // clamps to the last day of shorter months
    };
    return moved.toInstant();
  }

  /** Dates and position of the occurrence to create. */
  public record NextDates(int occurrence, Instant dueAt, Instant remindAt) {}
}
