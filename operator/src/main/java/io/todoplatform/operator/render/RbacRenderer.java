package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.todoplatform.operator.Constants;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each app's identity and the least privilege it needs: its sidecar's Kubernetes secret store reads the app's
 * secrets with the pod's ServiceAccount, so the Role grants get on exactly those, by name, and nothing else. The
 * backend may read spec.secretStore.allowedSecrets; chat-api only the JWT secret.
 */
final class RbacRenderer {
  static final String COMPONENT = "rbac";

  private RbacRenderer() {}

  static ServiceAccount serviceAccount(RenderContext context) {
    return serviceAccount(context, context.names().serviceAccount(), Labels.of(context.platform(), COMPONENT));
  }

  static Role secretReaderRole(RenderContext context) {
    return role(context, context.names().secretReaderRole(), context.spec().getSecretStore().getAllowedSecrets(),
        Labels.of(context.platform(), COMPONENT));
  }

  static RoleBinding secretReaderBinding(RenderContext context) {
    return binding(context, context.names().secretReaderRole(), context.names().serviceAccount(),
        Labels.of(context.platform(), COMPONENT));
  }

  static ServiceAccount chatServiceAccount(RenderContext context) {
    return serviceAccount(context, context.chatNames().serviceAccount(), Labels.chat(context.platform()));
  }

  static Role chatSecretReaderRole(RenderContext context) {
    return role(context, context.chatNames().secretReaderRole(), List.of(Constants.JWT_SECRET),
        Labels.chat(context.platform()));
  }

  static RoleBinding chatSecretReaderBinding(RenderContext context) {
    return binding(context, context.chatNames().secretReaderRole(), context.chatNames().serviceAccount(),
        Labels.chat(context.platform()));
  }

  private static ServiceAccount serviceAccount(RenderContext context, String name, Map<String, String> labels) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  private static Role role(RenderContext context, String name, List<String> allowed, Map<String, String> labels) {
    List<PolicyRule> rules = new ArrayList<>();
    // An empty resourceNames would mean every secret: with nothing allowed, grant nothing at all.
    if (!allowed.isEmpty()) {
      rules.add(new PolicyRuleBuilder()
          .withApiGroups("")
          .withResources("secrets")
          .withVerbs("get")
          .withResourceNames(allowed)
          .build());
    }
    return new RoleBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withRules(rules)
        .build();
  }

  private static RoleBinding binding(RenderContext context, String role, String serviceAccount,
      Map<String, String> labels) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(role)
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(role)
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(serviceAccount)
        .withNamespace(context.platform().getMetadata().getNamespace())
        .endSubject()
        .build();
  }
}
