package io.todoplatform.app.userdata;

import io.todoplatform.app.domain.TaskRecord;

/** A stored task and the index page that lists it (so an edit or delete touches that page only). */
public record TaskDocument(TaskRecord task, long page) {}
