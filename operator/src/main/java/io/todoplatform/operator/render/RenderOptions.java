package io.todoplatform.operator.render;

/** Choices that do not belong in the TodoPlatform itself. */
public record RenderOptions(RenderTarget target, String secretsFile) {
  public static final String DEFAULT_SECRETS_FILE = "secrets.json";

  public static RenderOptions kubernetes() {
    return new RenderOptions(RenderTarget.KUBERNETES, null);
  }

  public static RenderOptions selfHosted(String secretsFile) {
    return new RenderOptions(RenderTarget.SELFHOSTED, secretsFile == null ? DEFAULT_SECRETS_FILE : secretsFile);
  }
}
