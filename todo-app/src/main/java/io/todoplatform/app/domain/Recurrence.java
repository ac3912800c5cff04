package io.todoplatform.app.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * How a task repeats. {@code count} is the total number of occurrences of the series (the first one
 * included); {@code until} is the last moment an occurrence may be due.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Recurrence(Frequency frequency, int interval, Instant until, Integer count) {}
