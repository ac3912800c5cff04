package io.todoplatform.app.domain;

import java.util.List;

/** One page of a listing; {@code nextCursor} is null on the last page. */
public record TaskPage(List<TaskRecord> items, String nextCursor) {}
