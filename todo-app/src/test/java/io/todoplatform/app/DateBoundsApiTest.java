package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Every instant the API accepts can be scheduled and computed with later: dates outside the supported range are a
 * 400 naming the field, never a 201 followed by a job command that fails for ever (the poison pill of issue 15).
 */
class DateBoundsApiTest extends OneUserApiTest {

  @ParameterizedTest
  @CsvSource({
      "remindAt, +10000-01-01T00:00:00Z",
      "dueAt, +10000-01-01T00:00:00Z",
      "dueAt, 1969-12-31T23:59:59Z"})
  void instantsOutsideTheSupportedRangeAre400WithTheField(String field, String value) {
    var r = app.api.post(tasks, token, "{\"title\":\"far\",\"" + field + "\":\"" + value + "\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo(field);
    assertThat(app.api.get(tasks, token).json().get("items")).isEmpty();
  }

  @Test
  void untilOutsideTheRangeIs400() {
    var r = app.api.post(tasks, token,
        "{\"title\":\"far\",\"recurrence\":{\"frequency\":\"daily\",\"until\":\"+10000-01-01T00:00:00Z\"}}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("recurrence.until");
  }

  @Test
  void aReminderMoreThanAHundredYearsAheadIs400() {
    String far = Instant.now().plus(Duration.ofDays(366L * 101)).truncatedTo(ChronoUnit.SECONDS).toString();

    var r = app.api.post(tasks, token, "{\"title\":\"far\",\"remindAt\":\"" + far + "\"}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").get(0).get("field").asText()).isEqualTo("remindAt");
  }

  @Test
  void aRefusedFarReminderDoesNotBlockTheUsersLaterEvents() {
    app.api.post(tasks, token, "{\"title\":\"poison\",\"remindAt\":\"+10000-01-01T00:00:00Z\"}");

    String id = app.api.createTask(user, token, "{\"title\":\"after the poison\"}").get("id").asText();

    await().atMost(Duration.ofSeconds(5)).until(() -> app.pubsub().published().stream()
        .anyMatch(p -> p.event().get("subject").asText().equals(id)));
  }
}
