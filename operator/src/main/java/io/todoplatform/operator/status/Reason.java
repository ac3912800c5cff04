package io.todoplatform.operator.status;

import java.util.Set;

/** Condition reasons; docs/operations.md explains each one. */
public final class Reason {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String APPLIED = "Applied";
  public static final String AVAILABLE = "Available";
  public static final String SCALED_TO_ZERO = "ScaledToZero";
  public static final String ROLLING_OUT = "RollingOut";
  /** The Deployment controller gave up waiting (ProgressDeadlineExceeded): e.g. a crash-looping container. */
  public static final String ROLLOUT_STUCK = "RolloutStuck";
  public static final String PAUSED = "Paused";
  public static final String NOT_PAUSED = "NotPaused";
  public static final String DAPR_NOT_INSTALLED = "DaprNotInstalled";
  public static final String SECRET_NOT_FOUND = "SecretNotFound";
  public static final String NAME_CONFLICT = "NameConflict";
  public static final String INVALID_SPEC = "InvalidSpec";
  public static final String APPLY_FAILED = "ApplyFailed";

  /** Reasons that need someone to act (ArgoCD shows them as Degraded); the others pass by themselves. */
  public static final Set<String> ERRORS =
      Set.of(DAPR_NOT_INSTALLED, SECRET_NOT_FOUND, NAME_CONFLICT, INVALID_SPEC, APPLY_FAILED, ROLLOUT_STUCK);

  private Reason() {}
}
