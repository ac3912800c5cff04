package io.todoplatform.operator.render;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.util.regex.Pattern;

/**
 * Quotes every string a YAML reader could take for a number. Jackson's own check knows plain decimals only, so a
 * scope or topic named 1e3, 0x1F or 1:30 went out unquoted, and kubectl and daprd (go-yaml: YAML 1.1 with 1.2's
 * exponents) read it back as a number: a Component whose scopes are not strings.
 */
final class NumberLikeStringQuoting extends StringQuotingChecker.Default {
  private static final long serialVersionUID = 1L;
  private static final Pattern NUMBER_LIKE = Pattern.compile(String.join("|",
      "[-+]?(\\.[0-9_]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?", // decimals, exponents
      "[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[oO]?[0-7_]+|[-+]?0[bB][01_]+", // hex, octal, binary
      "[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?", // YAML 1.1 sexagesimal, 1:30
      "[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"));

  @Override
  public boolean needToQuoteValue(String value) {
    return super.needToQuoteValue(value) || NUMBER_LIKE.matcher(value).matches();
  }
}
