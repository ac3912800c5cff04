package io.todoplatform.app.domain;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Computes the next occurrence of a recurring task, in the task's time zone: a daily 09:00 in Europe/Berlin stays
 * at 09:00 local time across daylight-saving changes, and monthly series clamp at month ends in local time. Every
 * occurrence is computed from the series anchor ({@code anchor + k * interval}), never from the previous one, so
 * clamping does not drift (Jan 31 -> Feb 28 -> Mar 31). The next occurrence is the first of the series whose dates
 * all lie after the completion: completing a task late skips the occurrences that already passed instead of
 * creating one in the past (whose reminder would fire at once). Skipped occurrences count towards {@code count}.
 */
public final class RecurrencePlanner {
  /** More steps than any valid series can take within the supported date range. */
  private static final long MAX_STEPS = 10_000_000L;

  private RecurrencePlanner() {}

  /** Dates and position of the occurrence to create. */
  public record NextDates(int occurrence, Instant dueAt, Instant remindAt) {}

  /** The next occurrence's dates, or empty when {@code count}, {@code until} or the supported range ends the series. */
  public static Optional<NextDates> next(TaskRecord task, Instant completedAt) {
    Recurrence rule = task.recurrence();
    if (rule == null) {
      return Optional.empty();
    }
    ZoneId zone = task.zone();
    int anchorOccurrence = Math.max(1, task.seriesAnchorOccurrence());
    Instant dueAnchor = task.seriesDueAnchor() != null ? task.seriesDueAnchor() : task.dueAt();
    Instant remindAnchor = task.seriesRemindAnchor() != null ? task.seriesRemindAnchor() : task.remindAt();
    long occurrence = task.occurrence() + 1L;
    Instant due = null;
    Instant remind = null;
    Instant reference;
    if (dueAnchor == null && remindAnchor == null) {
      // A series without dates is bounded by `until` through the moment the next occurrence comes up.
      reference = advance(completedAt, rule, 1, zone);
    } else {
      occurrence = Math.max(occurrence, firstNotBefore(dueAnchor != null ? dueAnchor : remindAnchor, anchorOccurrence,
          rule, completedAt, zone));
      for (int guard = 0; ; guard++) {
        long steps = occurrence - anchorOccurrence;
        due = dueAnchor == null ? null : advance(dueAnchor, rule, steps, zone);
        remind = remindAnchor == null ? null : advance(remindAnchor, rule, steps, zone);
        if ((dueAnchor != null && due == null) || (remindAnchor != null && remind == null)) {
          return Optional.empty(); // past the supported range
        }
        boolean future = (due == null || due.isAfter(completedAt)) && (remind == null || remind.isAfter(completedAt));
        if (future || guard > 1000) {
          break;
        }
        occurrence++;
      }
      reference = due != null ? due : remind;
    }
    if (occurrence > Integer.MAX_VALUE || (rule.count() != null && occurrence > rule.count())) {
      return Optional.empty();
    }
    if (reference == null || (rule.until() != null && reference.isAfter(rule.until()))) {
      return Optional.empty();
    }
    return Optional.of(new NextDates((int) occurrence, due, remind));
  }

  /**
   * An occurrence number at or just before the first one after {@code now}, without walking every step of a
   * series that was completed years late.
   */
  private static long firstNotBefore(Instant anchor, int anchorOccurrence, Recurrence rule, Instant now, ZoneId zone) {
    if (!now.isAfter(anchor)) {
      return anchorOccurrence;
    }
    ZonedDateTime from = anchor.atZone(zone);
    ZonedDateTime to = now.atZone(zone);
    long units = switch (rule.frequency()) {
      case DAILY -> ChronoUnit.DAYS.between(from, to);
      case WEEKLY -> ChronoUnit.WEEKS.between(from, to);
      case MONTHLY -> ChronoUnit.MONTHS.between(from, to);
    };
    return anchorOccurrence + Math.max(0, units / rule.interval() - 1);
  }

  /** The anchor moved by {@code steps} intervals in local time; null beyond the supported range. */
  static Instant advance(Instant anchor, Recurrence rule, long steps, ZoneId zone) {
    if (steps < 0 || steps > MAX_STEPS) {
      return null;
    }
    try {
      ZonedDateTime start = anchor.atZone(zone);
      long amount = Math.multiplyExact(steps, (long) rule.interval());
      ZonedDateTime moved = switch (rule.frequency()) {
        case DAILY -> start.plusDays(amount);
        case WEEKLY -> start.plusWeeks(amount);
        case MONTHLY -> start.plusMonths(amount); // clamps to the last day of shorter months
      };
      Instant result = moved.toInstant();
      return Limits.inRange(result) ? result : null;
    } catch (ArithmeticException | DateTimeException e) {
      return null;
    }
  }
}
