package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.app.reminders.ReminderJobs;
import io.todoplatform.app.support.Traceparent;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TraceparentAndJobDataTest {

  @Test
  void validTraceparentIsKeptAndInvalidOnesReplaced() {
    String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    assertThat(Traceparent.fromHeaderOrNew(valid)).isEqualTo(valid);
    assertThat(Traceparent.fromHeaderOrNew("00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
        .isNotEqualTo("00-00000000000000000000000000000000-00f067aa0ba902b7-01");
    assertThat(Traceparent.fromHeaderOrNew(null)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    assertThat(Traceparent.traceIdOf(valid)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void reminderJobNamesCarryTaskAndInstantAndRoundTrip() {
    String task = "0b6e4a5c-1d2e-4f30-8a9b-0c1d2e3f4a5b";
    Instant at = Instant.parse("2030-05-01T10:00:00.123Z");

    String name = ReminderJobs.jobName(task, at);

    assertThat(name).isEqualTo("reminder-" + task + "-" + at.toEpochMilli());
    assertThat(ReminderJobs.parse(name)).contains(new ReminderJobs.Reminder(task, at));
    // Dapr's job-name rule: a DNS-1123 subdomain once '-', '_', ':' are removed (lower case, at most 253).
    assertThat(name.replace("-", "")).matches("[a-z0-9]([a-z0-9.]*[a-z0-9])?").hasSizeLessThan(253);
    assertThat(ReminderJobs.parse("reminder-" + task)).as("the old layout's names").isEmpty();
    assertThat(ReminderJobs.parse("maintenance")).isEmpty();
    assertThat(ReminderJobs.parse("reminder-x-1")).isEmpty();
  }

  @Test
  void theOwnerIsReadFromPlainOrWrappedJobData() {
    byte[] data = ReminderJobs.jobData("u-1", "t", Instant.parse("2030-05-01T10:00:00Z"));
    String base64 = Base64.getEncoder().encodeToString(data);

    assertThat(ReminderJobs.userIdOf(data)).contains("u-1");
    assertThat(ReminderJobs.userIdOf(("\"" + base64 + "\"").getBytes())).contains("u-1");
    assertThat(ReminderJobs.userIdOf(("{\"value\":\"" + base64 + "\"}").getBytes())).contains("u-1");
    assertThat(ReminderJobs.userIdOf("garbage".getBytes())).isEmpty();
    assertThat(ReminderJobs.userIdOf(new byte[0])).isEmpty();
  }
}
