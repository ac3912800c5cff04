package io.todoplatform.service.http;

/** One condition for {@code /readyz}. */
public interface ReadinessCheck {
  String name();

  /** @return null when ready, otherwise why not (shown on /readyz, so never a secret) */
  String problem();
}
