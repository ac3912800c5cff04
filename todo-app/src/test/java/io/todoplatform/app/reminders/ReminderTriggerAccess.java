package io.todoplatform.app.reminders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Lets tests in other packages reach the package-private job-data parser. */
public final class ReminderTriggerAccess {
  private ReminderTriggerAccess() {}

  public static Instant scheduledFor(String body) {
    return ReminderTrigger.scheduledFor(body.getBytes(StandardCharsets.UTF_8));
  }
}
