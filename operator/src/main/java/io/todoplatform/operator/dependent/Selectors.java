package io.todoplatform.operator.dependent;

import io.todoplatform.operator.Constants;

/** Informers of the dependents cache only what this operator manages, not every object of a kind. */
final class Selectors {
  static final String MANAGED = Constants.LABEL_MANAGED_BY + "=" + Constants.MANAGED_BY;

  private Selectors() {}
}
