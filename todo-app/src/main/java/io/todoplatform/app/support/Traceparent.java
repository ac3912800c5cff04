package io.todoplatform.app.support;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** W3C trace context: keep a valid incoming {@code traceparent}, otherwise start a new trace. */
public final class Traceparent {
  private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Traceparent() {}

  public static String fromHeaderOrNew(String header) {
    if (header != null) {
      var m = VALID.matcher(header.trim());
      if (m.matches() && !isAllZeros(m.group(1)) && !isAllZeros(m.group(2))) {
        return header.trim();
      }
    }
    return generate();
  }

  public static String generate() {
    byte[] trace = new byte[16];
    byte[] span = new byte[8];
    RANDOM.nextBytes(trace);
    RANDOM.nextBytes(span);
    trace[0] |= 1; // never all zeros
    span[0] |= 1;
    return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
  }

  public static String traceIdOf(String traceparent) {
    var m = VALID.matcher(traceparent);
    return m.matches() ? m.group(1) : "";
  }

  private static boolean isAllZeros(String hex) {
    return hex.chars().allMatch(c -> c == '0');
  }
}
