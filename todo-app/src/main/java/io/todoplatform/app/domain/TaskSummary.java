package io.todoplatform.app.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * What a listing filters and sorts on, kept in the user's index pages: everything but the description (which a
 * text search reads from the task itself). Short JSON names keep a page of 100 small.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskSummary(
    @JsonProperty("i") String id,
    @JsonProperty("t") String title,
    @JsonProperty("c") boolean completed,
    @JsonProperty("p") Priority priority,
    @JsonProperty("g") List<String> tags,
    @JsonProperty("d") Instant dueAt,
    @JsonProperty("a") Instant createdAt) {

  public List<String> tags() {
    return tags == null ? List.of() : tags;
  }
}
