package io.todoplatform.testkit.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PromQlMetricNamesTest {

  @Test
  void aSelectorWithMatchersAndARangeIsItsName() {
    assertThat(PromQlMetricNames.of("rate(http_server_requests_seconds_count{namespace=~\"$namespace\", status=~\"5..\"}[5m])"))
        .containsExactly("http_server_requests_seconds_count");
  }

  @Test
  void functionsAggregationsAndTheirLabelListsAreNotMetrics() {
    assertThat(PromQlMetricNames.of(
        "histogram_quantile(0.99, sum by (le, topic) (rate(dapr_component_state_latencies_bucket{a=\"b\"}[$__rate_interval])))"))
        .containsExactly("dapr_component_state_latencies_bucket");
    assertThat(PromQlMetricNames.of("sum without (instance) (x_total) / on (job) group_left (pod) max(y)"))
        .containsExactly("x_total", "y");
    assertThat(PromQlMetricNames.of("sum(a) by (namespace)")).containsExactly("a");
  }

  @Test
  void setOperatorsOffsetsAndNumbersAreSkipped() {
    assertThat(PromQlMetricNames.of("""
        sum by (namespace, kind) (increase(dead_total[15m])) > 0
        or
        sum by (namespace, kind) (dead_total unless dead_total offset 15m) > 0 and bool 1e3 < inf
        """)).containsExactly("dead_total");
    assertThat(PromQlMetricNames.of("absent(todoplatform_resources)")).containsExactly("todoplatform_resources");
  }

  @Test
  void stringsAndNameMatchersAreHandled() {
    assertThat(PromQlMetricNames.of("label_replace(up_like{job=\"a}b\"}, \"dst\", \"$1\", \"src\", \"(.*) or x\")"))
        .containsExactly("up_like");
    assertThat(PromQlMetricNames.of("{__name__=\"by_name_only\", job=\"x\"}")).containsExactly("by_name_only");
  }

  @Test
  void aMetricNamedLikeAnAggregationIsStillAMetricWhenUsedAsOne() {
    assertThat(PromQlMetricNames.of("count_things + 1")).containsExactly("count_things");
  }

  @Test
  void unbalancedExpressionsAreRefusedNotMisread() {
    assertThatThrownBy(() -> PromQlMetricNames.of("rate(x{a=\"b\"[5m]")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exposedSampleNamesIncludeSuffixes() {
    assertThat(ExposedMetrics.sampleNames("""
        # HELP x_seconds A histogram
        # TYPE x_seconds histogram
        x_seconds_bucket{le="0.1"} 1
        x_seconds_count 1
        x_seconds_sum 0.05
        up_total 3
        """)).containsExactly("up_total", "x_seconds_bucket", "x_seconds_count", "x_seconds_sum");
  }
}
