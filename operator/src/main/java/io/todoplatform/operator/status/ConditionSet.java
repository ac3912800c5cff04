package io.todoplatform.operator.status;

import io.todoplatform.operator.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the next list of conditions from the previous one: lastTransitionTime moves only when a condition's
 * status really changes, so watchers (and ArgoCD) see stable timestamps across reconciliations.
 */
public final class ConditionSet {
  private final List<Condition> previous;
  private final long generation;
  private final Clock clock;
  private final List<Condition> next = new ArrayList<>();

  public ConditionSet(List<Condition> previous, long generation, Clock clock) {
    this.previous = previous == null ? List.of() : previous;
    this.generation = generation;
    this.clock = clock;
  }

  public ConditionSet set(String type, boolean status, String reason, String message) {
    Condition condition = new Condition(type, status ? Condition.TRUE : Condition.FALSE, reason, message);
    condition.setObservedGeneration(generation);
    Condition before = find(previous, type);
    condition.setLastTransitionTime(before != null && before.getStatus().equals(condition.getStatus())
        && before.getLastTransitionTime() != null
        ? before.getLastTransitionTime()
        : Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
    next.removeIf(c -> c.getType().equals(type));
    next.add(condition);
    return this;
  }

  /** Carries a condition over unchanged (e.g. Ready while paused: nothing was evaluated). */
  public ConditionSet keep(String type) {
    Condition before = find(previous, type);
    if (before != null) {
      next.add(before);
    }
    return this;
  }

  public List<Condition> build() {
    return List.copyOf(next);
  }

  static Condition find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
