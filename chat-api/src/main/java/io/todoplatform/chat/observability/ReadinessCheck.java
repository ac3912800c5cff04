package io.todoplatform.chat.observability;

/** One condition of /readyz. */
public interface ReadinessCheck {
  String name();

  /** null when fine, else what is wrong (shown on /readyz, so never a secret). */
  String problem();
}
