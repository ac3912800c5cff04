package io.todoplatform.chat.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/** chat-api's Prometheus metrics, named once here. Tags are bounded sets (routes, outcomes, tool names). */
public final class ChatMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public ChatMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
  }

  public void httpRequest(String method, String route, int status, Duration latency) {
    Timer.builder("http.server.requests")
        .description("HTTP request latency")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record(latency);
  }

  /** One Conversation API call; outcome text|tool_calls|unavailable|bad_gateway|bad_answer. */
  public void modelCall(String outcome, Duration latency) {
    Timer.builder("chat.model.calls")
        .description("Calls to the model through the Conversation API")
        .tag("outcome", outcome)
        .register(registry)
        .record(latency);
  }

  /** One tool call; outcome ok|rejected (arguments invalid)|backend_4xx|backend_error. */
  public void toolCall(String tool, String outcome) {
    Counter.builder("chat.tool.calls").description("Tool calls the model asked for")
        .tag("tool", tool).tag("outcome", outcome).register(registry).increment();
  }

  /** One chat message; outcome answered|model_failed|conflict. */
  public void turn(String outcome) {
    Counter.builder("chat.turns").description("Chat messages handled").tag("outcome", outcome)
        .register(registry).increment();
  }

  public String scrape() {
    return registry.scrape();
  }
}
