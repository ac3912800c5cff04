package io.todoplatform.operator.checks;

import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;
import java.util.function.Function;

/** Finds the first referenced Secret key that does not exist, looking Secrets up in the operator's cache. */
public final class SecretChecker {
  private SecretChecker() {}

  /** @return a message naming the secret and key, or empty when all are present */
  public static Optional<String> firstMissing(Iterable<SecretRequirement> requirements,
      Function<String, Optional<Secret>> secretByName) {
    for (SecretRequirement requirement : requirements) {
      Optional<Secret> secret = secretByName.apply(requirement.secretName());
      if (secret.isEmpty()) {
        return Optional.of("Secret \"" + requirement.secretName() + "\" (" + requirement.fieldPath()
            + ") not found in the TodoPlatform's namespace; create it with key \"" + requirement.key() + "\"");
      }
      if (!hasKey(secret.get(), requirement.key())) {
        return Optional.of("Secret \"" + requirement.secretName() + "\" has no key \"" + requirement.key()
            + "\" (" + requirement.fieldPath() + ")");
      }
    }
    return Optional.empty();
  }

  private static boolean hasKey(Secret secret, String key) {
    return (secret.getData() != null && secret.getData().containsKey(key))
        || (secret.getStringData() != null && secret.getStringData().containsKey(key));
  }
}
