package io.todoplatform.operator.dependent;

import io.todoplatform.operator.Constants;

/**
 * Informers of the dependents cache only what this operator manages, not every object of a kind; where the backend
 * and chat-api each have one object of a kind, each dependent's informer caches only its app's (by
 * app.kubernetes.io/name), so neither sees, nor is woken by, the other's.
 */
final class Selectors {
  static final String MANAGED = Constants.LABEL_MANAGED_BY + "=" + Constants.MANAGED_BY;
  static final String BACKEND = MANAGED + "," + Constants.LABEL_NAME + "=" + Constants.APP_NAME;
  static final String CHAT = MANAGED + "," + Constants.LABEL_NAME + "=" + Constants.CHAT_APP_NAME;

  private Selectors() {}
}
