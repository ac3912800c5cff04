package io.todoplatform.operator.checks;

import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.ChatSpec;
import io.todoplatform.operator.api.v1alpha1.KafkaAuthSpec;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The Secret keys without which a sidecar or an app would crash-loop: Kafka credentials, the database connection, a
 * private CA and the app token (the backend's pods), and the model's API key (chat-api's sidecar, whose conversation
 * component resolves it at start). allowedSecrets and todo-auth are the apps' own business: they may read them later.
 */
public final class SecretRequirements {
  private SecretRequirements() {}

  /** @param spec a spec with defaults applied */
  public static List<SecretRequirement> of(TodoPlatformSpec spec) {
    List<SecretRequirement> required = new ArrayList<>(backend(spec));
    required.addAll(chat(spec));
    return required;
  }

  /** What the backend's pods resolve when they start. */
  public static List<SecretRequirement> backend(TodoPlatformSpec spec) {
    List<SecretRequirement> required = new ArrayList<>();
    KafkaAuthSpec auth = spec.getPubsub().getAuth();
    if (auth.getType().needsCredentials() && auth.getSecretRef() != null) {
      required.add(new SecretRequirement(auth.getSecretRef().getName(), auth.getSecretRef().getUsernameKey(),
          "spec.pubsub.auth.secretRef.usernameKey"));
      required.add(new SecretRequirement(auth.getSecretRef().getName(), auth.getSecretRef().getPasswordKey(),
          "spec.pubsub.auth.secretRef.passwordKey"));
    }
    var ca = spec.getPubsub().getTls().getCaSecretRef();
    if (ca != null) {
      required.add(new SecretRequirement(ca.getName(), ca.getKey(), "spec.pubsub.tls.caSecretRef"));
    }
    var connection = spec.getStateStore().getConnectionSecretRef();
    required.add(new SecretRequirement(connection.getName(), connection.getKey(),
        "spec.stateStore.connectionSecretRef"));
    if (spec.getDapr().getAppTokenSecretRef() != null) {
      required.add(new SecretRequirement(spec.getDapr().getAppTokenSecretRef().getName(), Constants.APP_TOKEN_SECRET_KEY,
          "spec.dapr.appTokenSecretRef"));
    }
    return required;
  }

  /** What chat-api's pods resolve when they start (nothing while chat is off). */
  public static List<SecretRequirement> chat(TodoPlatformSpec spec) {
    ChatSpec chat = spec.getChat();
    if (chat == null || !Boolean.TRUE.equals(chat.getEnabled()) || chat.getModel() == null
        || chat.getModel().getApiKeySecretRef() == null) {
      return List.of();
    }
    var key = chat.getModel().getApiKeySecretRef();
    return List.of(new SecretRequirement(key.getName(), key.getKey(), "spec.chat.model.apiKeySecretRef"));
  }

  /** Names only, for the index that maps a Secret event back to the TodoPlatforms that reference it. */
  public static List<String> secretNames(TodoPlatformSpec spec) {
    return of(spec).stream().map(SecretRequirement::secretName).distinct().toList();
  }
}
