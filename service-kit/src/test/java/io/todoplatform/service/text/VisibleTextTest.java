package io.todoplatform.service.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VisibleTextTest {

  /**
   * The OpenAPI documents state the rule as {@link VisibleText#SCHEMA_PATTERN}; clients and the fuzzer build
   * "valid" text from it. Java's Unicode \s is the Unicode White_Space property, a superset of ECMAScript's \s
   * apart from U+FEFF, which the pattern lists itself; so on every BMP character the pattern and the server agree.
   */
  @Test
  void theDocumentedPatternAndTheServerAgreeOnEveryCharacter() {
    Pattern visible = Pattern.compile(VisibleText.SCHEMA_PATTERN, Pattern.UNICODE_CHARACTER_CLASS);
    List<String> disagreements = new ArrayList<>();
    for (int ch = 0; ch <= 0xffff; ch++) {
      if (Character.isSurrogate((char) ch)) {
        continue;
      }
      String text = String.valueOf((char) ch);
      if (visible.matcher(text).find() == VisibleText.isBlank(text)) {
        disagreements.add(String.format("U+%04X", ch));
      }
    }
    assertThat(disagreements).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n", "\u001f", "\u0085", "\u00a0", "\ufeff", "\u2028 \u3000", "\u007f"})
  void textOfOnlyWhiteSpaceOrControlCharactersIsBlank(String text) {
    assertThat(VisibleText.isBlank(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", " buy milk ", "\u00a0x", "\u200b", "\ud83d\ude00", "-"})
  void textWithAnythingElseIsNot(String text) {
    assertThat(VisibleText.isBlank(text)).isFalse();
  }
}
