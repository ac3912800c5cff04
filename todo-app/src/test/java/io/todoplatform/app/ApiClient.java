package io.todoplatform.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.todoplatform.testkit.openapi.OpenApiContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Real HTTP with real JSON against the running app (java.net.http). Every response is checked against the committed
 * OpenAPI document (status documented for the operation, content type, required headers, body schema), so each API
 * test also proves the document right; a response outside it fails the test at the call.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final OpenApiContract CONTRACT = OpenApiContract.fromClasspath(ApiClient.class, "/openapi.json");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String sweepRoute;

  /** @param sweepRoute the cron binding's route as configured; the document names it by its default, /scheduler */
  ApiClient(String base, String sweepRoute) {
    this.base = base;
    this.sweepRoute = sweepRoute;
  }

  record Response(int status, Map<String, String> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  Response send(String method, String path, Map<String, String> headers, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
    headers.forEach(request::header);
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      response.headers().map().forEach((k, v) -> responseHeaders.put(k.toLowerCase(), String.join(",", v)));
      String documentedPath = path.equals(sweepRoute) ? "/scheduler" : path;
      CONTRACT.check(method, documentedPath, response.statusCode(), responseHeaders, response.body());
      return new Response(response.statusCode(), responseHeaders, response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Response get(String path, String token) {
    return send("GET", path, auth(token), null);
  }

  Response post(String path, String token, String json) {
    return send("POST", path, jsonAuth(token), json);
  }

  Response put(String path, String token, String json) {
    return send("PUT", path, jsonAuth(token), json);
  }

  Response patch(String path, String token, String json) {
    return send("PATCH", path, jsonAuth(token), json);
  }

  Response delete(String path, String token) {
    return send("DELETE", path, auth(token), null);
  }

  /** Creates a task and returns its JSON, failing loudly when the API refuses. */
  JsonNode createTask(String user, String token, String json) {
    Response r = post("/api/" + user + "/tasks", token, json);
    if (r.status() != 201) {
      throw new AssertionError("create failed: " + r.status() + " " + r.body());
    }
    return r.json();
  }

  private static Map<String, String> auth(String token) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    return headers;
  }

  private static Map<String, String> jsonAuth(String token) {
    Map<String, String> headers = auth(token);
    headers.put("Content-Type", "application/json");
    return headers;
  }
}
