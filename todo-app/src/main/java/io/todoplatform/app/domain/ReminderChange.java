package io.todoplatform.app.domain;

import java.time.Instant;

/**
 * A task's pending reminder changed: its job must be brought in line with the task's state <em>when the command
 * runs</em> (not when it was committed), so that commands carried out late or twice, by any replica, leave the job
 * of the task's latest reminder and nothing else.
 *
 * @param previous the reminder instant whose job may exist and is no longer wanted (null: none)
 */
public record ReminderChange(String taskId, Instant previous) {}
