package io.todoplatform.chat.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.todoplatform.chat.observability.ChatMetrics;
import io.todoplatform.chat.observability.ReadinessCheck;
import io.todoplatform.chat.support.Json;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Probes and metrics: /healthz (the process serves), /readyz (sidecar, components, signing secret), /metrics. */
public final class HealthRoutes {
  private final List<ReadinessCheck> checks;
  private final BooleanSupplier shuttingDown;
  private final ChatMetrics metrics;

  public HealthRoutes(List<ReadinessCheck> checks, BooleanSupplier shuttingDown, ChatMetrics metrics) {
    this.checks = List.copyOf(checks);
    this.shuttingDown = shuttingDown;
    this.metrics = metrics;
  }

  public void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.status(200).contentType("application/json").result("{\"status\":\"UP\"}"));
    routes.get("/readyz", this::ready);
    routes.get("/metrics", ctx -> ctx.status(200)
        .contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(metrics.scrape()));
  }

  private void ready(Context ctx) {
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode details = body.putObject("checks");
    boolean ready = !shuttingDown.getAsBoolean();
    if (!ready) {
      details.put("shutdown", "shutting down");
    }
    for (ReadinessCheck check : checks) {
      String problem = check.problem();
      details.put(check.name(), problem == null ? "ok" : problem);
      ready &= problem == null;
    }
    body.put("status", ready ? "UP" : "DOWN");
    ctx.status(ready ? 200 : 503).contentType("application/json").result(body.toString());
  }
}
