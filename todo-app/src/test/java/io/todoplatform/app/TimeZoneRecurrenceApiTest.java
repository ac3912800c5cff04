package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Recurrence in the task's IANA time zone, and a next occurrence that never lies in the past. */
class TimeZoneRecurrenceApiTest extends OneUserApiTest {

  private JsonNode completeAndGetNext(String id) {
    assertThat(app.api.patch(tasks + "/" + id + "/complete", token, "{\"completed\":true}").status()).isEqualTo(200);
    return StreamSupport.stream(app.api.get(tasks + "?status=pending", token).json().get("items").spliterator(), false)
        .filter(t -> !t.get("id").asText().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aDailyNineOClockInBerlinStaysAtNineAcrossTheSpringDstChange() {
    // 2030-03-30 09:00 CET (UTC+1); Europe/Berlin switches to CEST (UTC+2) on 2030-03-31.
    JsonNode created = app.api.createTask(user, token, "{\"title\":\"standup\",\"dueAt\":\"2030-03-30T08:00:00Z\","
        + "\"remindAt\":\"2030-03-30T07:45:00Z\",\"timeZone\":\"Europe/Berlin\",\"recurrence\":{\"frequency\":\"daily\"}}");
    assertThat(created.get("timeZone").asText()).isEqualTo("Europe/Berlin");

    JsonNode next = completeAndGetNext(created.get("id").asText());

    assertThat(next.get("dueAt").asText()).isEqualTo("2030-03-31T07:00:00Z");
    assertThat(next.get("remindAt").asText()).isEqualTo("2030-03-31T06:45:00Z");
    assertThat(next.get("timeZone").asText()).isEqualTo("Europe/Berlin");
  }

  @Test
  void monthEndsClampInLocalTime() {
    // Jan 31 00:30 in Tokyo is Jan 30 15:30 UTC: a UTC computation would clamp to the wrong day.
    JsonNode created = app.api.createTask(user, token, "{\"title\":\"rent\",\"dueAt\":\"2030-01-30T15:30:00Z\","
        + "\"timeZone\":\"Asia/Tokyo\",\"recurrence\":{\"frequency\":\"monthly\"}}");

    JsonNode next = completeAndGetNext(created.get("id").asText());

    assertThat(ZonedDateTime.ofInstant(Instant.parse(next.get("dueAt").asText()), ZoneId.of("Asia/Tokyo")).toString())
        .isEqualTo("2030-02-28T00:30+09:00[Asia/Tokyo]");
  }

  @Test
  void withoutATimeZoneTheTaskIsInUtc() {
    JsonNode created = app.api.createTask(user, token, "{\"title\":\"plain\"}");
    assertThat(created.get("timeZone").asText()).isEqualTo("UTC");
  }

  @Test
  void anUnknownTimeZoneIs400() {
    var r = app.api.post(tasks, token, "{\"title\":\"x\",\"timeZone\":\"Mars/Olympus_Mons\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("timeZone");
  }

  @Test
  void aLateCompletionCreatesTheNextOccurrenceInTheFutureNotThePast() {
    // Due three days ago at this time of day (dueAt may lie in the past; only remindAt must be in the future).
    Instant threeDaysAgo = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    JsonNode created = app.api.createTask(user, token, "{\"title\":\"water plants\",\"dueAt\":\"" + threeDaysAgo
        + "\",\"recurrence\":{\"frequency\":\"daily\"}}");

    JsonNode next = completeAndGetNext(created.get("id").asText());

    Instant nextDue = Instant.parse(next.get("dueAt").asText());
    assertThat(nextDue).isAfter(Instant.now());
    assertThat(nextDue).isBefore(Instant.now().plus(1, ChronoUnit.DAYS).plusSeconds(5));
    assertThat(ChronoUnit.SECONDS.between(threeDaysAgo, nextDue) % 86_400).as("same time of day").isZero();
  }
}
