package io.todoplatform.operator.render;

import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.ChatSpec;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What every piece of the renderer needs: the defaulted TodoPlatform and the target's choices. */
record RenderContext(TodoPlatform platform, RenderOptions options) {
  TodoPlatformSpec spec() {
    return platform.getSpec();
  }

  ResourceNames names() {
    return ResourceNames.of(spec());
  }

  boolean selfHosted() {
    return options.target() == RenderTarget.SELFHOSTED;
  }

  /**
   * The Secret (key "token") the sidecar sends to the app and the app checks: the spec's, or the one the operator
   * generates, so that no backend runs with its sidecar-facing routes open.
   */
  String appTokenSecret() {
    var ref = spec().getDapr().getAppTokenSecretRef();
    return ref != null ? ref.getName() : names().generatedAppTokenSecret();
  }

  /** The app-ids that may use the components: the backend's first, then spec.scopes, without repeats. */
  List<String> scopes() {
    Set<String> scopes = new LinkedHashSet<>();
    scopes.add(spec().getBackend().getAppId());
    scopes.addAll(spec().getScopes());
    return new ArrayList<>(scopes);
  }

  /** {@link #scopes()} and chat-api's app-id, for what chat-api uses too: the state and secret stores, the Resiliency. */
  List<String> scopesWithChat() {
    Set<String> scopes = new LinkedHashSet<>(scopes());
    chat().ifPresent(chat -> scopes.add(chat.getAppId()));
    return new ArrayList<>(scopes);
  }

  /** spec.chat when it is enabled. */
  Optional<ChatSpec> chat() {
    ChatSpec chat = spec().getChat();
    return chat != null && Boolean.TRUE.equals(chat.getEnabled()) ? Optional.of(chat) : Optional.empty();
  }

  ChatNames chatNames() {
    return new ChatNames(chat().orElseThrow().getAppId());
  }

  /**
   * The namespace the sidecars run in, which Sentry writes into their identities and access-control policies match:
   * the TodoPlatform's; a self-hosted daprd without NAMESPACE says "default".
   */
  String namespace() {
    String namespace = platform.getMetadata().getNamespace();
    return namespace == null || namespace.isEmpty() ? "default" : namespace;
  }

  /**
   * Which store resolves the secretKeyRefs of Components. On Kubernetes it is Dapr's built-in store, read by the
   * Dapr operator with its own RBAC, so the app's ServiceAccount needs no access to broker or database secrets.
   * Self-hosted there is no such store: the local file store stands in under the secret store's name.
   */
  String componentSecretStore() {
    return selfHosted() ? spec().getSecretStore().getName() : Constants.DAPR_BUILTIN_KUBERNETES_STORE;
  }
}
