package io.todoplatform.chat.dapr;

import com.fasterxml.jackson.databind.JsonNode;
import io.todoplatform.chat.support.Json;
import io.todoplatform.service.http.ReadinessCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ready when the sidecar answers its metadata endpoint and has loaded what chat-api needs: the state store,
 * the secret store and a Conversation component (type {@code conversation.*}) under the configured name.
 */
public final class SidecarReadiness implements ReadinessCheck {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final URI metadataUri;
  private final Optional<String> apiToken;
  private final String conversationComponent;
  private final List<String> otherComponents;

  public SidecarReadiness(int daprHttpPort, Optional<String> apiToken, String conversationComponent,
      List<String> otherComponents) {
    this.metadataUri = URI.create("http://127.0.0.1:" + daprHttpPort + "/v1.0/metadata");
    this.apiToken = apiToken;
    this.conversationComponent = conversationComponent;
    this.otherComponents = List.copyOf(otherComponents);
  }

  @Override
  public String name() {
    return "dapr-sidecar";
  }

  @Override
  public String problem() {
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(metadataUri).timeout(Duration.ofSeconds(2)).GET();
      apiToken.ifPresent(token -> request.header("dapr-api-token", token));
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        return "sidecar metadata answered " + response.statusCode();
      }
      Map<String, String> loaded = new HashMap<>();
      for (JsonNode component : Json.mapper().readTree(response.body()).path("components")) {
        loaded.put(component.path("name").asText(), component.path("type").asText());
      }
      List<String> problems = new ArrayList<>();
      String type = loaded.get(conversationComponent);
      if (type == null) {
        problems.add("conversation component '" + conversationComponent + "' not loaded");
      } else if (!type.startsWith("conversation.")) {
        problems.add("component '" + conversationComponent + "' is a " + type + ", not a conversation component");
      }
      otherComponents.stream().filter(c -> !loaded.containsKey(c))
          .forEach(c -> problems.add("component '" + c + "' not loaded"));
      return problems.isEmpty() ? null : String.join("; ", problems);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (Exception e) {
      return "sidecar not reachable at " + metadataUri.getAuthority() + " (" + e.getClass().getSimpleName() + ")";
    }
  }
}
