package io.todoplatform.app.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

public enum Frequency {
  DAILY, WEEKLY, MONTHLY;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Frequency> parse(String text) {
    for (Frequency f : values()) {
      if (f.wireName().equals(text)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  @JsonCreator
  static Frequency fromJson(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException("unknown frequency " + text));
  }
}
