package io.todoplatform.operator.render;

import io.todoplatform.operator.dapr.v1alpha1.configurationspec.AccessControl;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.accesscontrol.Policies;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.accesscontrol.policies.Operations;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may call an app through Dapr service invocation. The callee's sidecar checks the caller's SPIFFE identity from
 * its mTLS certificate (spiffe://trust-domain/ns/namespace/app-id) against these policies; without mTLS there is no
 * identity and only the default action applies, so every call is refused.
 *
 * <p>The backend: denied to everyone but chat-api, and to chat-api on its task routes only. The operation
 * {@value #TASK_ROUTES} relies on how Dapr 1.17 matches operations (pkg/config/acl_trie.go): the path is split at
 * "/", a bare "/*" segment matches only as the last one, "/**" matches any one segment wherever it is, and an
 * operation also covers every longer path below it. So it matches /api/{userId}/tasks, .../tasks/{taskId} and
 * .../tasks/{taskId}/complete, and not /api/{userId}/activity or the sidecar-facing routes (/dapr, /events, /job);
 * ChatEndToEndIT proves both on real sidecars.
 */
final class AccessControlRenderer {
  /** Dapr's default trust domain, which Sentry gives every app whose Configuration names none (we name none other). */
  static final String TRUST_DOMAIN = "public";
  static final String TASK_ROUTES = "/api/**/tasks";
  /** The backend's REST verbs on its task routes (TaskRoutes in todo-app). */
  static final List<String> TASK_VERBS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private AccessControlRenderer() {}

  static AccessControl backend(RenderContext context) {
    AccessControl acl = nobody();
    context.chat().ifPresent(chat -> {
      Operations tasks = new Operations();
      tasks.setName(TASK_ROUTES);
      tasks.setHttpVerb(new ArrayList<>(TASK_VERBS));
      tasks.setAction("allow");
      Policies chatApi = new Policies();
      chatApi.setAppId(chat.getAppId());
      chatApi.setDefaultAction("deny");
      chatApi.setTrustDomain(TRUST_DOMAIN);
      chatApi.setNamespace(context.namespace());
      chatApi.setOperations(List.of(tasks));
      acl.setPolicies(List.of(chatApi));
    });
    return acl;
  }

  /** No app may invoke this one (chat-api serves nothing through its sidecar). */
  static AccessControl nobody() {
    AccessControl acl = new AccessControl();
    acl.setDefaultAction("deny");
    acl.setTrustDomain(TRUST_DOMAIN);
    return acl;
  }
}
