package io.todoplatform.chat.dapr;

import io.dapr.client.DaprClient;
import io.todoplatform.chat.auth.SigningSecret;
import java.nio.charset.StandardCharsets;
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
 * The JWT signing secret read through the Dapr secrets API: Secret {@value #SECRET_NAME}, key
 * {@value #SECRET_KEY}. Retried every 2 s until read, then re-read every 5 minutes so a rotated secret is
 * picked up without a restart. The value is never logged.
 */
public final class SecretStoreSigningSecret implements SigningSecret, AutoCloseable {
  static final String SECRET_NAME = "todo-auth";
  static final String SECRET_KEY = "jwt-secret";
  private static final Logger LOG = LoggerFactory.getLogger(SecretStoreSigningSecret.class);

  private final DaprClient client;
  private final String storeName;
  private final Duration timeout;
  private final AtomicReference<byte[]> secret = new AtomicReference<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "jwt-secret-reload");
    thread.setDaemon(true);
    return thread;
  });

  public SecretStoreSigningSecret(DaprClient client, String storeName, Duration timeout) {
    this.client = client;
    this.storeName = storeName;
    this.timeout = timeout;
  }

  public void start() {
    timer.execute(this::loadUntilPresent);
  }

  @Override
  public Optional<byte[]> current() {
    return Optional.ofNullable(secret.get());
  }

  private void loadUntilPresent() {
    if (load()) {
      timer.scheduleWithFixedDelay(this::load, 5, 5, TimeUnit.MINUTES);
    } else {
      timer.schedule(this::loadUntilPresent, 2, TimeUnit.SECONDS);
    }
  }

  private boolean load() {
    try {
      Map<String, String> values = client.getSecret(storeName, SECRET_NAME).block(timeout);
      String value = values == null ? null : values.get(SECRET_KEY);
      if (value == null || value.isEmpty()) {
        LOG.warn("Secret {} in store {} has no key {}", SECRET_NAME, storeName, SECRET_KEY);
        return false;
      }
      boolean first = secret.getAndSet(value.getBytes(StandardCharsets.UTF_8)) == null;
      if (first) {
        LOG.info("JWT signing secret loaded from secret store {}", storeName);
      }
      return true;
    } catch (RuntimeException e) {
      LOG.warn("Reading secret {} from store {} failed: {}", SECRET_NAME, storeName,
          GrpcFailures.code(e).map(Enum::name).orElse(e.getClass().getSimpleName()));
      return false;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
