package io.todoplatform.service.text;

/**
 * The one meaning of "not blank" for text people type (a task title, a tag, a chat message), written so that the
 * services and their OpenAPI documents agree: the documents state it as {@link #SCHEMA_PATTERN}.
 *
 * <p>{@link String#isBlank()} does not do: it counts U+001C..U+001F as white space but not U+00A0 or U+FEFF, so a
 * request a schema-driven client or fuzzer builds from the document as valid (a lone U+001F) got a 400. Here a
 * character is invisible when it is white space in ECMAScript's or Python's regular expressions (the languages
 * clients check patterns in) or a control character; text is blank when it has no other character.
 */
public final class VisibleText {
  /** The JSON Schema (ECMA-262) pattern for "has a visible character": the same set as {@link #isInvisible}. */
  public static final String SCHEMA_PATTERN = "[^\\s\\u0000-\\u001f\\u007f-\\u009f\\ufeff]";

  private VisibleText() {}

  /** True when the text has no visible character (null counts as blank). */
  public static boolean isBlank(String text) {
    return text == null || text.chars().allMatch(VisibleText::isInvisible);
  }

  static boolean isInvisible(int ch) {
    return ch <= 0x1f
        || (ch >= 0x7f && ch <= 0x9f) // DEL and the C1 controls (Python's \s has U+0085)
        || ch == 0xfeff // ECMAScript's \s has the byte-order mark
        || Character.isSpaceChar(ch); // Zs, Zl, Zp: U+0020, U+00A0, U+1680, U+2000..U+200A, U+2028/9, U+202F ...
  }
}
