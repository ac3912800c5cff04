package io.todoplatform.app.auth;

import io.todoplatform.app.ports.SecretReader;
import io.todoplatform.app.support.DaemonThreads;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dapr mode: the keys come from secret {@code todo-auth} through the secrets API. Key {@code jwt-secret} signs
 * tokens without a {@code kid}; each key {@code jwt-secret.<kid>} signs tokens with that {@code kid}. Rotation
 * without an outage window: add the new key under a new kid, wait one refresh interval (every replica then
 * accepts it), sign new tokens with it, and remove the old key once its tokens have expired. The sidecar may come
 * up after the app, so loading retries in the background (readiness stays false meanwhile).
 */
public final class SecretStoreJwtKeys implements JwtKeySource, AutoCloseable {
  public static final String SECRET_NAME = "todo-auth";
  public static final String SECRET_KEY = "jwt-secret";
  private static final Logger LOG = LoggerFactory.getLogger(SecretStoreJwtKeys.class);

  private final SecretReader reader;
  private final AtomicReference<Map<String, String>> current = new AtomicReference<>(Map.of());
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("jwt-key-loader"));

  public SecretStoreJwtKeys(SecretReader reader) {
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

  /** Reads the secret's keys; names only are logged, never a value. */
  boolean load() {
    try {
      Map<String, String> keys = keysOf(reader.read(SECRET_NAME));
      if (keys.isEmpty()) {
        LOG.warn("Secret {} has neither key {} nor {}.<kid>", SECRET_NAME, SECRET_KEY, SECRET_KEY);
        return false;
      }
      Map<String, String> before = current.getAndSet(keys);
      if (!before.keySet().equals(keys.keySet())) {
        LOG.info("JWT keys loaded from the secret store: key ids {}", keys.keySet().stream()
            .map(k -> k.isEmpty() ? "(none)" : k).sorted().toList());
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warn("JWT keys not readable yet ({}); retrying", e.getClass().getSimpleName());
      return false;
    }
  }

  static Map<String, String> keysOf(Map<String, String> secret) {
    Map<String, String> keys = new HashMap<>();
    secret.forEach((name, value) -> {
      if (value == null || value.isEmpty()) {
        return;
      }
      if (name.equals(SECRET_KEY)) {
        keys.put(DEFAULT_KID, value);
      } else if (name.startsWith(SECRET_KEY + ".") && name.length() > SECRET_KEY.length() + 1) {
        keys.put(name.substring(SECRET_KEY.length() + 1), value);
      }
    });
    return Map.copyOf(keys);
  }

  @Override
  public Map<String, String> keys() {
    return current.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
