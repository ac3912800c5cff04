package io.todoplatform.operator.render;

import java.util.Map;
import java.util.TreeMap;

/**
 * Choices that do not belong in the TodoPlatform itself. {@code secretVersions} (the resourceVersions of the Secrets
 * the sidecars and the apps resolve at start, by name) is what only the operator knows: with it the pod templates
 * carry a hash of them, so a rotated credential rolls the pods; `render` has no cluster and leaves it out.
 * Self-hosted only: {@code secretsFile}, the JSON file the local secret store reads, and {@code nameResolutionDb},
 * the SQLite file every sidecar of the machine registers in and resolves app-ids from (service invocation).
 */
public record RenderOptions(RenderTarget target, String secretsFile, String nameResolutionDb,
    Map<String, String> secretVersions) {
  public static final String DEFAULT_SECRETS_FILE = "secrets.json";
  public static final String DEFAULT_NAME_RESOLUTION_DB = "name-resolution.db";

  public static RenderOptions kubernetes() {
    return new RenderOptions(RenderTarget.KUBERNETES, null, null, null);
  }

  public static RenderOptions selfHosted(String secretsFile) {
    return selfHosted(secretsFile, null);
  }

  public static RenderOptions selfHosted(String secretsFile, String nameResolutionDb) {
    return new RenderOptions(RenderTarget.SELFHOSTED, secretsFile == null ? DEFAULT_SECRETS_FILE : secretsFile,
        nameResolutionDb == null ? DEFAULT_NAME_RESOLUTION_DB : nameResolutionDb, null);
  }

  public RenderOptions withSecretVersions(Map<String, String> versions) {
    return new RenderOptions(target, secretsFile, nameResolutionDb, new TreeMap<>(versions));
  }
}
