package io.todoplatform.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.todoplatform.testkit.process.FreePorts;

/**
 * A stand-in for todo-app until the real jar runs beside daprd in these tests: a JDK HTTP server on a
 * free loopback port that answers the routes daprd calls on an app (programmatic subscriptions, job
 * triggers {@code POST /job/<name>}, input bindings {@code POST /<binding>}) and records every call.
 */
final class StandInApp implements AutoCloseable {

    /** One call daprd made on the app. */
    record Call(String method, String path, String body, Instant receivedAt) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private StandInApp(HttpServer server) {
        this.server = server;
    }

    static StandInApp start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePorts.next()), 0);
            StandInApp app = new StandInApp(server);
            server.createContext("/", app::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return app;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the stand-in app", e);
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> callsTo(String method, String path) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = Instant.now();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        calls.add(new Call(method, path, body, receivedAt));
        if (method.equals("GET") && path.equals("/dapr/subscribe")) {
            // No subscriptions: this app only receives jobs and bindings.
            respond(exchange, 200, "[]");
        } else if (method.equals("POST") && (path.startsWith("/job/") || path.equals("/" + DaprInfrastructureIT.CRON_BINDING))) {
            respond(exchange, 200, "");
        } else {
            respond(exchange, 404, "");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
        }
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
