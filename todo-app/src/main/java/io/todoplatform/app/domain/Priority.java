package io.todoplatform.app.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Task priority; the declaration order is the sort order (low first). */
public enum Priority {
  LOW, MEDIUM, HIGH, URGENT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Priority> parse(String text) {
    for (Priority p : values()) {
      if (p.wireName().equals(text)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static Priority fromJson(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException("unknown priority " + text));
  }
}
