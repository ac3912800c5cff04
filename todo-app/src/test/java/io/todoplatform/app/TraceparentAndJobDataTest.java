package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.app.events.Traceparent;
import io.todoplatform.app.reminders.ReminderJobs;
import java.nio.charset.StandardCharsets;
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
  void jobNamesRoundTrip() {
    assertThat(ReminderJobs.taskIdOf(ReminderJobs.jobName("abc"))).contains("abc");
    assertThat(ReminderJobs.taskIdOf("reminder-")).isEmpty();
    assertThat(ReminderJobs.taskIdOf("other-abc")).isEmpty();
  }

  @Test
  void reminderTimeIsReadFromPlainOrWrappedJobData() {
    Instant at = Instant.parse("2030-05-01T10:00:00Z");
    String data = ReminderJobs.jobData("u", "t", at);
    String base64 = Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8));

    assertThat(io.todoplatform.app.reminders.ReminderTriggerAccess.scheduledFor(data)).isEqualTo(at);
    assertThat(io.todoplatform.app.reminders.ReminderTriggerAccess.scheduledFor("\"" + base64 + "\"")).isEqualTo(at);
    assertThat(io.todoplatform.app.reminders.ReminderTriggerAccess.scheduledFor("{\"value\":\"" + base64 + "\"}"))
        .isEqualTo(at);
    assertThat(io.todoplatform.app.reminders.ReminderTriggerAccess.scheduledFor("garbage")).isNull();
    assertThat(io.todoplatform.app.reminders.ReminderTriggerAccess.scheduledFor("")).isNull();
  }
}
