package io.todoplatform.testkit.monitoring;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads: every identifier that is a series selector, not a function, an
 * aggregation, a keyword, a label name (in {@code {...}}, {@code by (...)}, {@code on (...)}...), a string, a
 * number or a duration. A {@code {__name__="..."}} matcher counts too. Names are kept as written, suffix included
 * ({@code _bucket}, {@code _count}, {@code _sum}, {@code _total}): that is the name a scrape must expose.
 */
public final class PromQlMetricNames {
  private static final Set<String> LABEL_LIST_KEYWORDS =
      Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "inf", "nan", "atan2");
  private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
      "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
  private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*=\\s*\"([^\"]+)\"");

  private PromQlMetricNames() {}

  public static Set<String> of(String expression) {
    Set<String> names = new TreeSet<>();
    String q = expression;
    int i = 0;
    while (i < q.length()) {
      char c = q.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = endOfString(q, i);
      } else if (c == '#') {
        int end = q.indexOf('\n', i);
        i = end < 0 ? q.length() : end + 1;
      } else if (c == '{') {
        int end = closing(q, i, '{', '}');
        Matcher name = NAME_MATCHER.matcher(q.substring(i + 1, end));
        while (name.find()) {
          names.add(name.group(1));
        }
        i = end + 1;
      } else if (c == '[') {
        i = closing(q, i, '[', ']') + 1;
      } else if (Character.isDigit(c) || c == '.') {
        // numbers and durations: 0.99, 1e3, 0x1f, 15m, 1h30m
        while (i < q.length() && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '.')) {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_' || c == ':') {
        int start = i;
        while (i < q.length() && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '_' || q.charAt(i) == ':')) {
          i++;
        }
        String word = q.substring(start, i);
        int next = skipSpaces(q, i);
        char following = next < q.length() ? q.charAt(next) : 0;
        if (LABEL_LIST_KEYWORDS.contains(word)) {
          if (following == '(') {
            i = closing(q, next, '(', ')') + 1;
          }
        } else if (KEYWORDS.contains(word.toLowerCase(java.util.Locale.ROOT)) || following == '(') {
          // a keyword, or a function / aggregation call
        } else if (AGGREGATIONS.contains(word) && startsWithWord(q, next, "by", "without")) {
          // "sum by (x) (...)": the aggregation, its label list comes next
        } else {
          names.add(word);
        }
      } else {
        i++;
      }
    }
    return names;
  }

  private static boolean startsWithWord(String q, int at, String... words) {
    for (String word : words) {
      if (q.startsWith(word, at) && (at + word.length() >= q.length()
          || !Character.isLetterOrDigit(q.charAt(at + word.length())) && q.charAt(at + word.length()) != '_')) {
        return true;
      }
    }
    return false;
  }

  private static int skipSpaces(String q, int i) {
    while (i < q.length() && Character.isWhitespace(q.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int endOfString(String q, int start) {
    char quote = q.charAt(start);
    for (int i = start + 1; i < q.length(); i++) {
      if (q.charAt(i) == '\\' && quote != '`') {
        i++;
      } else if (q.charAt(i) == quote) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("unterminated string at " + start + " in: " + q);
  }

  /** Index of the bracket closing the one at {@code start}, strings inside skipped. */
  private static int closing(String q, int start, char open, char close) {
    int depth = 0;
    for (int i = start; i < q.length(); i++) {
      char c = q.charAt(i);
      if (c == '"' || c == '\'' || c == '`') {
        i = endOfString(q, i) - 1;
      } else if (c == open) {
        depth++;
      } else if (c == close && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced '" + open + "' at " + start + " in: " + q);
  }
}
