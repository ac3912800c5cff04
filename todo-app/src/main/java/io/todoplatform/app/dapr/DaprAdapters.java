package io.todoplatform.app.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.todoplatform.app.Adapters;
import io.todoplatform.app.auth.SecretStoreJwtSecret;
import io.todoplatform.app.config.AppConfig;
import java.time.Duration;
import java.util.List;

/** Wires the ports to the Dapr sidecar (gRPC via the SDK; the SDK finds the sidecar's ports itself). */
public final class DaprAdapters {
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

  private DaprAdapters() {}

  public static Adapters create(AppConfig config) {
    JacksonDaprSerializer serializer = new JacksonDaprSerializer();
    DaprClient client = new DaprClientBuilder()
        .withObjectSerializer(serializer)
        .withStateSerializer(serializer)
        .build();
    SecretStoreJwtSecret jwtSecret = new SecretStoreJwtSecret(
        new DaprSecretReader(client, config.secretStoreName(), CALL_TIMEOUT));
    jwtSecret.start(Duration.ofSeconds(2), Duration.ofMinutes(5));
    SidecarReadiness sidecar = new SidecarReadiness(config.daprHttpPort(),
        List.of(config.stateStoreName(), config.pubsubName(), config.secretStoreName()));
    return new Adapters(
        new DaprTaskStore(client, config.stateStoreName(), CALL_TIMEOUT),
        new DaprEventPublisher(client, config.pubsubName(), CALL_TIMEOUT),
        new DaprJobScheduler(client, CALL_TIMEOUT),
        jwtSecret,
        List.of(sidecar, new JwtSecretLoaded(jwtSecret)),
        List.of(jwtSecret, client));
  }

  /** Not ready before the signing secret is loaded: every API call would answer 503. */
  private record JwtSecretLoaded(SecretStoreJwtSecret secret) implements io.todoplatform.app.observability.ReadinessCheck {
    @Override
    public String name() {
      return "jwt-secret";
    }

    @Override
    public String problem() {
      return secret.secret().isPresent() ? null : "signing secret not loaded from the secret store yet";
    }
  }
}
