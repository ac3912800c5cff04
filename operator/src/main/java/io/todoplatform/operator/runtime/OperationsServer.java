package io.todoplatform.operator.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * /metrics (Prometheus), /healthz and /readyz (the operator started and its informers are healthy). A standby
 * replica waiting for the lease is ready too: otherwise a rolling update of a leader-elected install would never
 * finish. JDK's HTTP server: three routes need no framework.
 */
final class OperationsServer implements AutoCloseable {
  private final HttpServer server;

  OperationsServer(int port, PrometheusMeterRegistry registry, RuntimeInfo runtime) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for metrics and health", e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "operations-http");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/metrics", exchange -> respond(exchange, 200,
        "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext("/healthz", exchange -> health(exchange, runtime.isStarted()
        && runtime.allEventSourcesAreHealthy(), runtime));
    server.createContext("/readyz", exchange -> health(exchange, runtime.isStarted()
        && runtime.allEventSourcesAreHealthy(), runtime));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void health(HttpExchange exchange, boolean healthy, RuntimeInfo runtime) throws IOException {
    String body = healthy ? "ok\n" : "not ready: started=" + runtime.isStarted() + ", unhealthy event sources="
        + runtime.unhealthyEventSources().keySet() + "\n";
    respond(exchange, healthy ? 200 : 503, "text/plain; charset=utf-8", body);
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
