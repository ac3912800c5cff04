package io.todoplatform.app.dapr;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.todoplatform.app.Adapters;
import io.todoplatform.app.auth.SecretStoreJwtKeys;
import io.todoplatform.app.config.AppConfig;
import io.todoplatform.service.http.ReadinessCheck;
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
    SecretStoreJwtKeys jwtKeys = new SecretStoreJwtKeys(
        new DaprSecretReader(client, config.secretStoreName(), CALL_TIMEOUT));
    jwtKeys.start(Duration.ofSeconds(2), Duration.ofMinutes(5));
    SidecarReadiness sidecar = new SidecarReadiness(config.daprHttpPort(),
        List.of(config.stateStoreName(), config.pubsubName(), config.secretStoreName()));
    return new Adapters(
        new DaprStateStore(client, config.stateStoreName(), CALL_TIMEOUT),
        new DaprEventPublisher(client, config.pubsubName(), CALL_TIMEOUT),
        new DaprJobScheduler(client, CALL_TIMEOUT),
        jwtKeys,
        List.of(sidecar, new JwtKeysLoaded(jwtKeys)),
        List.of(jwtKeys, client));
  }

  /** Not ready before the signing keys are loaded: every API call would answer 503. */
  private record JwtKeysLoaded(SecretStoreJwtKeys keys) implements ReadinessCheck {
    @Override
    public String name() {
      return "jwt-keys";
    }

    @Override
    public String problem() {
      return keys.keys().isEmpty() ? "signing keys not loaded from the secret store yet" : null;
    }
  }
}
