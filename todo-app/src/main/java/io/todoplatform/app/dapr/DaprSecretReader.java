package io.todoplatform.app.dapr;

import io.dapr.client.DaprClient;
import io.todoplatform.app.ports.SecretReader;
import java.time.Duration;
import java.util.Map;

/** Secrets API: reads the secret named {@code secretName} (every key of it) from the configured store. */
public final class DaprSecretReader implements SecretReader {
  private final DaprClient client;
  private final String storeName;
  private final Duration timeout;

  public DaprSecretReader(DaprClient client, String storeName, Duration timeout) {
    this.client = client;
    this.storeName = storeName;
    this.timeout = timeout;
  }

  @Override
  public Map<String, String> read(String secretName) {
    try {
      Map<String, String> values = client.getSecret(storeName, secretName).block(timeout);
      return values == null ? Map.of() : values;
    } catch (RuntimeException e) {
      // The exception text may quote the request, never the value; still, keep only the type.
      throw new IllegalStateException("secret " + secretName + " not readable from store " + storeName
          + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
