package io.todoplatform.app.dapr;

import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.app.support.Json;
import io.todoplatform.service.http.ReadinessCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Ready when the sidecar answers its metadata endpoint and lists the components the app needs (state
 * store, pub/sub, secret store): a sidecar still initialising, or one that failed to load a component,
 * keeps the pod out of the Service.
 */
public final class SidecarReadiness implements ReadinessCheck {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI metadataUri;
  private final List<String> requiredComponents;

  public SidecarReadiness(int daprHttpPort, List<String> requiredComponents) {
    this.metadataUri = URI.create("http://127.0.0.1:" + daprHttpPort + "/v1.0/metadata");
    this.requiredComponents = List.copyOf(requiredComponents);
  }

  @Override
  public String name() {
    return "dapr-sidecar";
  }

  @Override
  public String problem() {
    try {
      HttpResponse<byte[]> response = http.send(
          HttpRequest.newBuilder(metadataUri).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return "sidecar metadata answered " + response.statusCode();
      }
      JsonNode metadata = Json.mapper().readTree(response.body());
      Set<String> loaded = new HashSet<>();
      for (JsonNode component : metadata.path("components")) {
        loaded.add(component.path("name").asText());
      }
      List<String> missing = requiredComponents.stream().filter(c -> !loaded.contains(c)).toList();
      return missing.isEmpty() ? null : "components not loaded: " + String.join(", ", missing);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (Exception e) {
      return "sidecar not reachable (" + e.getClass().getSimpleName() + ")";
    }
  }
}
