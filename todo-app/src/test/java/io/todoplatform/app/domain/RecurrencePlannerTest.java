package io.todoplatform.app.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Date arithmetic of recurring tasks: month ends, leap years, until and count. */
class RecurrencePlannerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static TaskRecord task(String dueAt, Recurrence rule) {
    return new TaskRecord.Builder().id("t").userId("u").title("x").priority(Priority.MEDIUM).tags(List.of())
        .dueAt(dueAt == null ? null : Instant.parse(dueAt)).recurrence(rule).occurrence(1)
        .seriesDueAnchor(dueAt == null ? null : Instant.parse(dueAt)).seriesAnchorOccurrence(1).build();
  }

  /** Follows the series the way completions do: each next occurrence becomes the task completed next. */
  private static List<String> series(TaskRecord first, int max) {
    List<String> dues = new ArrayList<>();
    TaskRecord current = first;
    dues.add(String.valueOf(current.dueAt()));
    for (int i = 0; i < max; i++) {
      Optional<RecurrencePlanner.NextDates> next = RecurrencePlanner.next(current, NOW);
      if (next.isEmpty()) {
        break;
      }
      current = current.toBuilder().dueAt(next.get().dueAt()).remindAt(next.get().remindAt())
          .occurrence(next.get().occurrence()).build();
      dues.add(String.valueOf(current.dueAt()));
    }
    return dues;
  }

  private static Recurrence monthly() {
    return new Recurrence(Frequency.MONTHLY, 1, null, null);
  }

  @Test
  void monthEndClampsAndReturnsToThe31st() {
    assertThat(series(task("2027-01-31T09:00:00Z", monthly()), 4)).containsExactly(
        "2027-01-31T09:00:00Z", "2027-02-28T09:00:00Z", "2027-03-31T09:00:00Z", "2027-04-30T09:00:00Z",
        "2027-05-31T09:00:00Z");
  }

  @Test
  void leapYearFebruaryHas29Days() {
    assertThat(series(task("2028-01-31T09:00:00Z", monthly()), 2))
        .containsExactly("2028-01-31T09:00:00Z", "2028-02-29T09:00:00Z", "2028-03-31T09:00:00Z");
  }

  @Test
  void monthlyFromLeapDayKeepsThe29th() {
    assertThat(series(task("2028-02-29T12:00:00Z", monthly()), 2))
        .containsExactly("2028-02-29T12:00:00Z", "2028-03-29T12:00:00Z", "2028-04-29T12:00:00Z");
  }

  @Test
  void twelveMonthsFromLeapDayClampToThe28th() {
    Recurrence yearly = new Recurrence(Frequency.MONTHLY, 12, null, null);
    assertThat(series(task("2028-02-29T12:00:00Z", yearly), 4)).containsExactly(
        "2028-02-29T12:00:00Z", "2029-02-28T12:00:00Z", "2030-02-28T12:00:00Z", "2031-02-28T12:00:00Z",
        "2032-02-29T12:00:00Z");
  }

  @Test
  void dailyCrossesTheLeapDay() {
    Recurrence daily = new Recurrence(Frequency.DAILY, 1, null, null);
    assertThat(series(task("2028-02-28T08:00:00Z", daily), 2))
        .containsExactly("2028-02-28T08:00:00Z", "2028-02-29T08:00:00Z", "2028-03-01T08:00:00Z");
  }

  @Test
  void weeklyWithInterval() {
    Recurrence everyTwoWeeks = new Recurrence(Frequency.WEEKLY, 2, null, null);
    assertThat(series(task("2027-12-20T08:00:00Z", everyTwoWeeks), 2))
        .containsExactly("2027-12-20T08:00:00Z", "2028-01-03T08:00:00Z", "2028-01-17T08:00:00Z");
  }

  @Test
  void countLimitsTheNumberOfOccurrences() {
    Recurrence three = new Recurrence(Frequency.DAILY, 1, null, 3);
    assertThat(series(task("2027-01-01T08:00:00Z", three), 10)).hasSize(3);
    assertThat(series(task("2027-01-01T08:00:00Z", new Recurrence(Frequency.DAILY, 1, null, 1)), 10)).hasSize(1);
  }

  @Test
  void untilIsInclusiveAndEndsTheSeries() {
    Recurrence untilThird = new Recurrence(Frequency.DAILY, 1, Instant.parse("2027-01-03T08:00:00Z"), null);
    assertThat(series(task("2027-01-01T08:00:00Z", untilThird), 10)).containsExactly(
        "2027-01-01T08:00:00Z", "2027-01-02T08:00:00Z", "2027-01-03T08:00:00Z");
  }

  @Test
  void untilAndCountTogetherStopAtWhicheverComesFirst() {
    Recurrence both = new Recurrence(Frequency.WEEKLY, 1, Instant.parse("2027-12-31T00:00:00Z"), 2);
    assertThat(series(task("2027-01-01T08:00:00Z", both), 10)).hasSize(2);
  }

  @Test
  void reminderMovesWithTheSameRule() {
    TaskRecord t = task("2027-01-31T09:00:00Z", monthly()).toBuilder()
        .remindAt(Instant.parse("2027-01-30T09:00:00Z")).seriesRemindAnchor(Instant.parse("2027-01-30T09:00:00Z"))
        .build();
    RecurrencePlanner.NextDates next = RecurrencePlanner.next(t, NOW).orElseThrow();
    assertThat(next.dueAt()).isEqualTo(Instant.parse("2027-02-28T09:00:00Z"));
    assertThat(next.remindAt()).isEqualTo(Instant.parse("2027-02-28T09:00:00Z"));
    assertThat(next.occurrence()).isEqualTo(2);
  }

  @Test
  void seriesWithoutDatesIsBoundedByUntilFromTheCompletionTime() {
    Recurrence untilSoon = new Recurrence(Frequency.DAILY, 1, NOW.plusSeconds(3600), null);
    assertThat(RecurrencePlanner.next(task(null, untilSoon), NOW)).isEmpty();
    Recurrence untilLater = new Recurrence(Frequency.DAILY, 1, NOW.plusSeconds(3 * 86400), null);
    RecurrencePlanner.NextDates next = RecurrencePlanner.next(task(null, untilLater), NOW).orElseThrow();
    assertThat(next.dueAt()).isNull();
    assertThat(next.remindAt()).isNull();
  }

  @Test
  void noRuleNoNextOccurrence() {
    assertThat(RecurrencePlanner.next(task("2027-01-01T00:00:00Z", null), NOW)).isEmpty();
  }

  private static TaskRecord inZone(String dueAt, String zone, Recurrence rule) {
    return task(dueAt, rule).toBuilder().timeZone(zone).build();
  }

  @Test
  void dailyKeepsTheLocalTimeAcrossBothDstChanges() {
    // 09:00 in Berlin: 08:00Z in winter, 07:00Z in summer (2027: spring forward Mar 28, fall back Oct 31).
    assertThat(series(inZone("2027-03-27T08:00:00Z", "Europe/Berlin", new Recurrence(Frequency.DAILY, 1, null, null)),
        2)).containsExactly("2027-03-27T08:00:00Z", "2027-03-28T07:00:00Z", "2027-03-29T07:00:00Z");
    assertThat(series(inZone("2027-10-30T07:00:00Z", "Europe/Berlin", new Recurrence(Frequency.DAILY, 1, null, null)),
        2)).containsExactly("2027-10-30T07:00:00Z", "2027-10-31T08:00:00Z", "2027-11-01T08:00:00Z");
  }

  @Test
  void aLocalTimeThatDoesNotExistOnTheDstDayMovesForwardAndComesBack() {
    // 02:30 Berlin does not exist on 2027-03-28 (clocks jump 02:00 -> 03:00): that day it is 03:30 local.
    List<String> dues = series(inZone("2027-03-27T01:30:00Z", "Europe/Berlin",
        new Recurrence(Frequency.DAILY, 1, null, null)), 2);
    assertThat(dues).containsExactly("2027-03-27T01:30:00Z", "2027-03-28T01:30:00Z", "2027-03-29T00:30:00Z");
  }

  @Test
  void monthEndsClampInTheTasksZone() {
    // Jan 31 23:00 in New York is Feb 1 04:00Z: the series is "the last day of the month at 23:00 local".
    assertThat(series(inZone("2027-02-01T04:00:00Z", "America/New_York", monthly()), 2))
        .containsExactly("2027-02-01T04:00:00Z", "2027-03-01T04:00:00Z", "2027-04-01T03:00:00Z");
  }

  @Test
  void theNextOccurrenceOfALateCompletionLiesAfterTheCompletion() {
    Instant completedAt = Instant.parse("2027-06-10T12:00:00Z");
    TaskRecord daily = task("2027-06-01T09:00:00Z", new Recurrence(Frequency.DAILY, 1, null, null));

    RecurrencePlanner.NextDates next = RecurrencePlanner.next(daily, completedAt).orElseThrow();

    assertThat(next.dueAt()).isEqualTo(Instant.parse("2027-06-11T09:00:00Z"));
    assertThat(next.occurrence()).as("the skipped occurrences count").isEqualTo(11);
  }

  @Test
  void aReminderBeforeTheDueDateMustAlsoLieInTheFuture() {
    Instant completedAt = Instant.parse("2027-06-10T08:30:00Z");
    TaskRecord daily = task("2027-06-01T09:00:00Z", new Recurrence(Frequency.DAILY, 1, null, null)).toBuilder()
        .remindAt(Instant.parse("2027-06-01T08:00:00Z")).seriesRemindAnchor(Instant.parse("2027-06-01T08:00:00Z"))
        .build();

    RecurrencePlanner.NextDates next = RecurrencePlanner.next(daily, completedAt).orElseThrow();

    // Jun 10 09:00 is still ahead, but its reminder (08:00) is not: the next occurrence is Jun 11.
    assertThat(next.dueAt()).isEqualTo(Instant.parse("2027-06-11T09:00:00Z"));
    assertThat(next.remindAt()).isEqualTo(Instant.parse("2027-06-11T08:00:00Z"));
  }

  @Test
  void skippingPastOccurrencesStillRespectsCount() {
    Recurrence three = new Recurrence(Frequency.DAILY, 1, null, 3);
    assertThat(RecurrencePlanner.next(task("2027-06-01T09:00:00Z", three), Instant.parse("2027-06-10T12:00:00Z")))
        .as("occurrences 2 and 3 already passed").isEmpty();
  }

  @Test
  void aSeriesEndsAtTheEndOfTheSupportedRangeInsteadOfFailing() {
    TaskRecord last = task("9999-12-20T00:00:00Z", new Recurrence(Frequency.MONTHLY, 1, null, null));
    assertThat(RecurrencePlanner.next(last, NOW)).isEmpty();
  }
}
