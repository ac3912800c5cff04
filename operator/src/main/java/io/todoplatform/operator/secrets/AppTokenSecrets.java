package io.todoplatform.operator.secrets;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.Labels;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The app-token Secret the operator generates for a TodoPlatform that names none (spec.dapr.appTokenSecretRef), so
 * that the backend's sidecar-facing routes are never open: created once with a random token and an owner reference,
 * never updated, never printed by `render` and never written to a log, an Event or a status.
 */
public final class AppTokenSecrets {
  static final String COMPONENT = "app-token";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TOKEN_BYTES = 32;

  private AppTokenSecrets() {}

  public static Secret generate(TodoPlatform owner, String name) {
    byte[] token = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(token);
    String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    Secret secret = new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(owner.getMetadata().getNamespace())
        .withLabels(Labels.of(owner, COMPONENT))
        .endMetadata()
        .withType("Opaque")
        .withData(Map.of(Constants.APP_TOKEN_SECRET_KEY,
            Base64.getEncoder().encodeToString(encoded.getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
        .build();
    secret.addOwnerReference(owner);
    return secret;
  }
}
