package io.todoplatform.testkit.monitoring;

import java.util.Set;
import java.util.TreeSet;

/** The sample names of a Prometheus text exposition (what a scrape of /metrics stores), e.g. {@code x_bucket}. */
public final class ExposedMetrics {
  private ExposedMetrics() {}

  public static Set<String> sampleNames(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      String sample = line.strip();
      if (sample.isEmpty() || sample.startsWith("#")) {
        continue;
      }
      int end = 0;
      while (end < sample.length() && sample.charAt(end) != '{' && !Character.isWhitespace(sample.charAt(end))) {
        end++;
      }
      names.add(sample.substring(0, end));
    }
    return names;
  }
}
