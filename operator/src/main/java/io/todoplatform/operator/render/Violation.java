package io.todoplatform.operator.render;

/** One problem with a TodoPlatform, at a field path such as {@code spec.pubsub.brokers}. */
public record Violation(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
