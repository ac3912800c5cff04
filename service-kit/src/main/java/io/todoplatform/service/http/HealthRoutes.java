package io.todoplatform.service.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Probes and metrics for the kubelet and Prometheus: /healthz (the process serves), /readyz (every check), /metrics.
 */
public final class HealthRoutes {
  private final List<ReadinessCheck> checks;
  private final BooleanSupplier shuttingDown;
  private final Supplier<String> prometheusScrape;

  public HealthRoutes(List<ReadinessCheck> checks, BooleanSupplier shuttingDown, Supplier<String> prometheusScrape) {
    this.checks = List.copyOf(checks);
    this.shuttingDown = shuttingDown;
    this.prometheusScrape = prometheusScrape;
  }

  /** The paths of the probes and /metrics: served while draining, left out of request tracing. */
  public static boolean isProbe(String path) {
    return path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics");
  }

  public void register(RoutesConfig routes) {
    routes.get("/healthz", ctx -> ctx.status(200).contentType("application/json").result("{\"status\":\"UP\"}"));
    routes.get("/readyz", this::ready);
    routes.get("/metrics", ctx -> ctx.status(200)
        .contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(prometheusScrape.get()));
  }

  private void ready(Context ctx) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
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
