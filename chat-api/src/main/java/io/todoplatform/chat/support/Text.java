package io.todoplatform.chat.support;

/** Length limits counted in characters a person sees (code points), not UTF-16 units. */
public final class Text {
  private Text() {}

  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /** The text cut to at most {@code max} code points, marked when cut (never silently). */
  public static String truncate(String text, int max) {
    if (text == null || length(text) <= max) {
      return text;
    }
    String marker = " …[truncated]";
    int keep = Math.max(0, max - marker.length());
    return text.substring(0, text.offsetByCodePoints(0, keep)) + marker;
  }
}
