package io.todoplatform.chat.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.chat.support.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The todo backend's REST API through Dapr service invocation: {@code /v1.0/invoke/<backend app-id>/method/<path>}
 * on the own sidecar's HTTP port. daprd resolves the app-id (name resolution), calls the backend's sidecar
 * (mTLS when enabled) and passes the request's headers on, so the user's bearer token reaches the backend, which
 * checks it like any other request.
 *
 * <p>Plain HTTP rather than the SDK's {@code invokeMethod}: the tools need the backend's status, ETag and
 * problem+json body unchanged (the SDK turns every non-2xx answer into a DaprException and drops the headers),
 * and a per-call timeout.
 */
public final class BackendClient {
  private final HttpClient http;
  private final String baseUrl;
  private final Optional<String> daprApiToken;
  private final Duration timeout;

  public BackendClient(int daprHttpPort, String backendAppId, Optional<String> daprApiToken, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).version(HttpClient.Version.HTTP_1_1)
        .build();
    this.baseUrl = "http://127.0.0.1:" + daprHttpPort + "/v1.0/invoke/" + backendAppId + "/method";
    this.daprApiToken = daprApiToken;
    this.timeout = timeout;
  }

  /**
   * @param path starting with {@code /api/}, already encoded
   * @throws BackendUnreachableException when the backend did not answer (daprd's own errors included)
   */
  public BackendResponse call(String method, String path, String bearerToken, JsonNode body, String ifMatch) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(timeout)
        .header("Authorization", "Bearer " + bearerToken)
        .header("Accept", "application/json");
    daprApiToken.ifPresent(token -> request.header("dapr-api-token", token));
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    if (body != null) {
      request.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new BackendUnreachableException("no answer from the backend through the sidecar ("
          + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackendUnreachableException("interrupted", e);
    }
    JsonNode json = Json.tryParse(response.body()).orElse(null);
    // daprd answers for itself (app-id not resolvable, backend's sidecar down) with {"errorCode": "ERR_..."}.
    if (response.statusCode() >= 500 && json != null && json.path("errorCode").asText("").startsWith("ERR_")) {
      throw new BackendUnreachableException("the sidecar could not invoke the backend: "
          + json.path("errorCode").asText(), null);
    }
    return new BackendResponse(response.statusCode(), json, response.headers().firstValue("ETag").orElse(null));
  }
}
