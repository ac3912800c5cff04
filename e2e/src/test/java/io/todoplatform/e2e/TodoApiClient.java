package io.todoplatform.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The todo-app's public REST API as a client sees it: JSON over HTTP with a Bearer JWT signed with the
 * secret the test put into the secret store (the app reads it through Dapr's secrets API).
 */
public final class TodoApiClient {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String jwtSecret;

    public TodoApiClient(String baseUrl, String jwtSecret) {
        this.baseUrl = baseUrl;
        this.jwtSecret = jwtSecret;
    }

    /** An HS256 token for this user, valid for an hour. */
    public String tokenFor(String userId) {
        return JWT.create().withSubject(userId).withIssuedAt(Instant.now())
                .withExpiresAt(Instant.now().plus(Duration.ofHours(1))).sign(Algorithm.HMAC256(jwtSecret));
    }

    public Response createTask(String userId, Map<String, ?> task, String traceparent) {
        return call("POST", "/api/" + userId + "/tasks", userId, task, traceparent);
    }

    /**
     * A create as a client should send it: on 503 with Retry-After (back-pressure on the user's outbox, while the
     * broker is behind) it waits that long and sends it again, up to 120 times; returns the last answer.
     */
    public Response createTaskHonouringRetryAfter(String userId, Map<String, ?> task) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Response response = createTask(userId, task, null);
            if (response.status() != 503 || attempt == 120) {
                return response;
            }
            String retryAfter = response.header("Retry-After");
            Thread.sleep(retryAfter == null || retryAfter.isBlank() ? 1_000 : Long.parseLong(retryAfter.trim()) * 1_000);
        }
    }

    public Response updateTask(String userId, String taskId, Map<String, ?> task, String traceparent) {
        return call("PUT", "/api/" + userId + "/tasks/" + taskId, userId, task, traceparent);
    }

    public Response complete(String userId, String taskId, boolean completed, String traceparent) {
        return call("PATCH", "/api/" + userId + "/tasks/" + taskId + "/complete", userId,
                Map.of("completed", completed), traceparent);
    }

    public Response deleteTask(String userId, String taskId, String traceparent) {
        return call("DELETE", "/api/" + userId + "/tasks/" + taskId, userId, null, traceparent);
    }

    public Response getTask(String userId, String taskId) {
        return call("GET", "/api/" + userId + "/tasks/" + taskId, userId, null, null);
    }

    public Response listTasks(String userId, String query) {
        return call("GET", "/api/" + userId + "/tasks" + (query == null ? "" : "?" + query), userId, null, null);
    }

    public Response activity(String userId) {
        return call("GET", "/api/" + userId + "/activity?limit=100", userId, null, null);
    }

    /** A call as the user, with a JSON body when {@code body} is not null and a traceparent when given. */
    public Response call(String method, String path, String userId, Object body, String traceparent) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + tokenFor(userId));
        if (traceparent != null) {
            headers.put("traceparent", traceparent);
        }
        return raw(method, path, headers, body);
    }

    /** A call with exactly these headers (e.g. none, or only dapr-api-token). */
    public Response raw(String method, String path, Map<String, String> headers, Object body) {
        return send(baseUrl, method, path, headers, body);
    }

    /** A call to any HTTP endpoint (a sidecar's API, a metrics port) with exactly these headers. */
    public static Response send(String baseUrl, String method, String path, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
            headers.forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(method + " " + path, response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An HTTP answer; {@link #json()} parses the body. */
    public record Response(String request, HttpResponse<String> http) {
        public int status() {
            return http.statusCode();
        }

        public String body() {
            return http.body();
        }

        public String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(http.body());
            } catch (IOException e) {
                throw new UncheckedIOException(request + " answered non-JSON: " + http.body(), e);
            }
        }

        /** Fails with the request and body unless the status is the expected one; returns the parsed body. */
        public JsonNode expect(int status) {
            if (http.statusCode() != status) {
                throw new AssertionError(request + " answered " + http.statusCode() + " (expected " + status + "): "
                        + http.body());
            }
            return http.body() == null || http.body().isEmpty() ? JSON.nullNode() : json();
        }

        @Override
        public String toString() {
            return request + " -> " + http.statusCode() + " " + http.body();
        }
    }
}
