package io.todoplatform.operator.reconciler;

import java.time.Duration;
import java.util.Optional;

/**
 * Why the children cannot be applied right now. Nothing is applied while one holds, so a platform is never
 * half-deployed; {@code recheckAfter} is set where no watch event would tell us it has gone away.
 */
record Blocker(String reason, String message, Optional<Duration> recheckAfter) {}
