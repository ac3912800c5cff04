package io.todoplatform.chat.observability;

import java.util.regex.Pattern;

/**
 * Masks what may be a credential in text that came from outside (a model provider's error message, relayed by
 * daprd): providers echo API keys in such messages ("Incorrect API key provided: sk-..."). chat-api never holds
 * the key itself, so it cannot mask it by value: it masks every long token mixing letters and digits, and
 * what follows "Bearer", "key" or "token". Used before anything external reaches a log line.
 */
public final class SecretRedactor {
  private static final Pattern AFTER_LABEL = Pattern.compile(
      "(?i)(bearer|api[_ -]?key|key|token|authorization|password|secret)(\\s*[:=]?\\s*)([^\\s,;\"']+)");
  private static final Pattern LONG_TOKEN = Pattern.compile(
      "(?<![A-Za-z0-9])(?=[A-Za-z0-9_\\-.]*[0-9])(?=[A-Za-z0-9_\\-.]*[A-Za-z])[A-Za-z0-9_\\-.]{16,}");
  private static final int MAX_LENGTH = 300;

  private SecretRedactor() {}

  public static String redact(String text) {
    if (text == null) {
      return "";
    }
    String masked = AFTER_LABEL.matcher(text).replaceAll("$1$2***");
    masked = LONG_TOKEN.matcher(masked).replaceAll("***");
    return masked.length() > MAX_LENGTH ? masked.substring(0, MAX_LENGTH) + "…" : masked;
  }
}
