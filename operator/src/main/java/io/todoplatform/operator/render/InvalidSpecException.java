package io.todoplatform.operator.render;

import java.util.List;
import java.util.stream.Collectors;

/** A TodoPlatform that cannot be rendered; carries every problem found, each with its field path. */
public class InvalidSpecException extends RuntimeException {
  private final transient List<Violation> violations;

  public InvalidSpecException(List<Violation> violations) {
    super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
