package io.todoplatform.operator.render;

/** One problem with a TodoPlatform, at a field path such as {@code spec.pubsub.brokers}. */
public record Violation(String path, String message) {
  /** One line, whatever the message quotes from the spec: control characters are shown escaped. */
  @Override
  public String toString() {
    return escapeControls(path) + ": " + escapeControls(message);
  }

  private static String escapeControls(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    text.codePoints().forEach(c -> {
      if (c == '\n') {
        escaped.append("\\n");
      } else if (c == '\r') {
        escaped.append("\\r");
      } else if (c == '\t') {
        escaped.append("\\t");
      } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
        escaped.append(String.format("\\u%04x", c));
      } else {
        escaped.appendCodePoint(c);
      }
    });
    return escaped.toString();
  }
}
