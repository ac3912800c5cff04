package io.todoplatform.e2e.kubernetes;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

/**
 * The todo-app's REST API as a user reaches it (here through a port-forward to the pod): JSON over HTTP with a
 * Bearer JWT signed with the todo-auth Secret's jwt-secret, which the app itself reads through Dapr's secrets API.
 */
final class TodoApi {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String jwtSecret;

    TodoApi(String baseUrl, String jwtSecret) {
        this.baseUrl = baseUrl;
        this.jwtSecret = jwtSecret;
    }

    JsonNode createTask(String user, Map<String, ?> task) {
        return asUser("POST", "/api/" + user + "/tasks", user, task).expect(201);
    }

    JsonNode updateTask(String user, String taskId, Map<String, ?> task) {
        return asUser("PUT", "/api/" + user + "/tasks/" + taskId, user, task).expect(200);
    }

    JsonNode complete(String user, String taskId) {
        return asUser("PATCH", "/api/" + user + "/tasks/" + taskId + "/complete", user, Map.of("completed", true))
                .expect(200);
    }

    void deleteTask(String user, String taskId) {
        asUser("DELETE", "/api/" + user + "/tasks/" + taskId, user, null).expect(204);
    }

    JsonNode activity(String user) {
        return asUser("GET", "/api/" + user + "/activity?limit=100", user, null).expect(200).path("items");
    }

    Response asUser(String method, String path, String user, Object body) {
        String token = JWT.create().withSubject(user).withIssuedAt(Instant.now())
                .withExpiresAt(Instant.now().plus(Duration.ofHours(1))).sign(Algorithm.HMAC256(jwtSecret));
        return raw(method, path, Map.of("Authorization", "Bearer " + token), body);
    }

    /** A call with exactly these headers. */
    Response raw(String method, String path, Map<String, String> headers, Object body) {
        return send(baseUrl, method, path, headers, body);
    }

    static Response send(String baseUrl, String method, String path, Map<String, String> headers, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
            new LinkedHashMap<>(headers).forEach(request::header);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return new Response(method + " " + path, HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    record Response(String request, HttpResponse<String> http) {
        int status() {
            return http.statusCode();
        }

        String body() {
            return http.body();
        }

        String header(String name) {
            return http.headers().firstValue(name).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(http.body());
            } catch (IOException e) {
                throw new UncheckedIOException(request + " answered non-JSON: " + http.body(), e);
            }
        }

        JsonNode expect(int status) {
            if (http.statusCode() != status) {
                throw new AssertionError(request + " answered " + http.statusCode() + " (expected " + status + "): "
                        + http.body());
            }
            return http.body().isEmpty() ? JSON.nullNode() : json();
        }
    }
}
