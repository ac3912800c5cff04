package io.todoplatform.operator.render;

import java.util.Map;
import java.util.TreeMap;

/**
 * Choices that do not belong in the TodoPlatform itself. {@code secretVersions} (the resourceVersions of the Secrets
 * the sidecar and the app resolve at start, by name) is what only the operator knows: with it the pod template
 * carries a hash of them, so a rotated credential rolls the pods; `render` has no cluster and leaves it out.
 */
public record RenderOptions(RenderTarget target, String secretsFile, Map<String, String> secretVersions) {
  public static final String DEFAULT_SECRETS_FILE = "secrets.json";

  public static RenderOptions kubernetes() {
    return new RenderOptions(RenderTarget.KUBERNETES, null, null);
  }

  public static RenderOptions selfHosted(String secretsFile) {
    return new RenderOptions(RenderTarget.SELFHOSTED, secretsFile == null ? DEFAULT_SECRETS_FILE : secretsFile, null);
  }

  public RenderOptions withSecretVersions(Map<String, String> versions) {
    return new RenderOptions(target, secretsFile, new TreeMap<>(versions));
  }
}
