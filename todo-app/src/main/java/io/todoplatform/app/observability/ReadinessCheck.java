package io.todoplatform.app.observability;

/** One condition for {@code /readyz}. */
public interface ReadinessCheck {
  String name();

  /** @return null when ready, otherwise why not */
  String problem();
}
