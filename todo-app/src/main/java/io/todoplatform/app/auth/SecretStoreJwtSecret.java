package io.todoplatform.app.auth;

import io.todoplatform.app.ports.SecretReader;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dapr mode: reads secret {@code todo-auth}, key {@code jwt-secret}, through the secrets API. The sidecar
 * may come up after the app, so loading retries in the background (readiness stays false meanwhile) and
 * then refreshes periodically to pick up a rotated secret.
 */
public final class SecretStoreJwtSecret implements JwtSecretSource, AutoCloseable {
  public static final String SECRET_NAME = "todo-auth";
  public static final String SECRET_KEY = "jwt-secret";
  private static final Logger LOG = LoggerFactory.getLogger(SecretStoreJwtSecret.class);

  private final SecretReader reader;
  private final AtomicReference<String> current = new AtomicReference<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "jwt-secret-loader");
    t.setDaemon(true);
    return t;
  });

  public SecretStoreJwtSecret(SecretReader reader) {
    this.reader = reader;
  }

  public void start(Duration retryInterval, Duration refreshInterval) {
    timer.execute(() -> loadUntilPresent(retryInterval));
    timer.scheduleWithFixedDelay(this::load, refreshInterval.toMillis(), refreshInterval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void loadUntilPresent(Duration retryInterval) {
    if (!load()) {
      timer.schedule(() -> loadUntilPresent(retryInterval), retryInterval.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private boolean load() {
    try {
      Map<String, String> values = reader.read(SECRET_NAME);
      String secret = values.get(SECRET_KEY);
      if (secret == null || secret.isEmpty()) {
        LOG.warn("Secret {} has no key {}", SECRET_NAME, SECRET_KEY);
        return false;
      }
      if (current.getAndSet(secret) == null) {
        LOG.info("JWT secret loaded from the secret store");
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warn("JWT secret not readable yet ({}); retrying", e.getClass().getSimpleName());
      return false;
    }
  }

  @Override
  public Optional<String> secret() {
    return Optional.ofNullable(current.get());
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
