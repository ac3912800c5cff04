package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The backend's identity and the least privilege it needs: its sidecar's Kubernetes secret store reads the allowed
 * secrets with the pod's ServiceAccount, so the Role grants get on exactly those, by name, and nothing else.
 */
final class RbacRenderer {
  static final String COMPONENT = "rbac";

  private RbacRenderer() {}

  static ServiceAccount serviceAccount(RenderContext context) {
    return new ServiceAccountBuilder()
        .withNewMetadata()
        .withName(context.names().serviceAccount())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(Labels.of(context.platform(), COMPONENT))
        .endMetadata()
        .build();
  }

  static Role secretReaderRole(RenderContext context) {
    List<String> allowed = context.spec().getSecretStore().getAllowedSecrets();
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
        .withName(context.names().secretReaderRole())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(Labels.of(context.platform(), COMPONENT))
        .endMetadata()
        .withRules(rules)
        .build();
  }

  static RoleBinding secretReaderBinding(RenderContext context) {
    return new RoleBindingBuilder()
        .withNewMetadata()
        .withName(context.names().secretReaderRole())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(Labels.of(context.platform(), COMPONENT))
        .endMetadata()
        .withNewRoleRef()
        .withApiGroup("rbac.authorization.k8s.io")
        .withKind("Role")
        .withName(context.names().secretReaderRole())
        .endRoleRef()
        .addNewSubject()
        .withKind("ServiceAccount")
        .withName(context.names().serviceAccount())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .endSubject()
        .build();
  }
}
