package io.todoplatform.testkit.dapr.kubernetes;

import static io.todoplatform.testkit.dapr.kubernetes.ControlPlaneParts.NAMESPACE;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The service accounts and RBAC of Dapr's control plane as the Helm chart's {@code dapr_rbac} subchart renders them
 * with default values (cluster-wide, {@code global.rbac.namespaced=false}): each component gets exactly the rules
 * the chart gives it, so a permission Dapr lacks here would be lacking in a cluster too.
 */
final class ControlPlaneRbac {

    private ControlPlaneRbac() {
    }

    static List<HasMetadata> manifests() {
        List<HasMetadata> manifests = new ArrayList<>();
        component(manifests, "dapr-sentry",
                List.of(rule("authentication.k8s.io", List.of("tokenreviews"), List.of("create")),
                        rule("dapr.io", List.of("configurations"), List.of("list", "get", "watch")),
                        rule("", List.of("pods"), List.of("list", "get", "watch"))),
                List.of(rule("", List.of("secrets"), List.of("get", "update", "delete"), "dapr-trust-bundle"),
                        rule("", List.of("configmaps"), List.of("get", "update", "watch", "list"), "dapr-trust-bundle"),
                        rule("dapr.io", List.of("configurations"), List.of("list", "get", "watch"))));
        component(manifests, "dapr-operator",
                List.of(rule("apiextensions.k8s.io", List.of("customresourcedefinitions"), List.of("get", "patch")),
                        rule("apps", List.of("deployments", "deployments/finalizers"), List.of("get", "list", "watch")),
                        rule("apps", List.of("deployments/finalizers"), List.of("update")),
                        rule("apps", List.of("statefulsets", "statefulsets/finalizers"), List.of("get", "list", "watch")),
                        rule("apps", List.of("statefulsets/finalizers"), List.of("update")),
                        rule("", List.of("pods"), List.of("get", "list", "delete", "watch")),
                        rule("", List.of("services", "services/finalizers"), List.of("get", "list", "watch", "update", "create")),
                        rule("", List.of("services"), List.of("delete")),
                        rule("", List.of("secrets"), List.of("get", "list", "watch")),
                        rule("dapr.io", List.of("components", "configurations", "subscriptions", "resiliencies",
                                "httpendpoints"), List.of("get", "list", "watch"))),
                List.of(rule("coordination.k8s.io", List.of("leases"), List.of("get", "list", "watch", "update", "create"),
                                "operator.dapr.io", "webhooks.dapr.io"),
                        rule("", List.of("configmaps"), List.of("get", "list", "watch", "update", "create"),
                                "operator.dapr.io", "webhooks.dapr.io"),
                        rule("coordination.k8s.io", List.of("leases"), List.of("create")),
                        rule("", List.of("configmaps", "events"), List.of("create"))));
        component(manifests, "dapr-injector",
                List.of(rule("", List.of("serviceaccounts"), List.of("get", "list")),
                        rule("admissionregistration.k8s.io", List.of("mutatingwebhookconfigurations"), List.of("patch"),
                                "dapr-sidecar-injector"),
                        rule("dapr.io", List.of("components"), List.of("get", "list"))),
                List.of(rule("", List.of("secrets"), List.of("get"), "dapr-trust-bundle")));
        component(manifests, "dapr-scheduler",
                List.of(rule("", List.of("namespaces"), List.of("get", "list", "watch"))),
                List.of());
        return manifests;
    }

    /** A service account, its ClusterRole and binding, and its Role in dapr-system (the chart's names). */
    private static void component(List<HasMetadata> manifests, String name, List<PolicyRule> clusterRules,
                                  List<PolicyRule> namespaceRules) {
        String clusterRole = "dapr-operator".equals(name) ? "dapr-operator-admin" : name;
        manifests.add(new ServiceAccountBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .endMetadata().build());
        manifests.add(new ClusterRoleBuilder().withNewMetadata().withName(clusterRole).endMetadata()
                .withRules(clusterRules).build());
        manifests.add(new ClusterRoleBindingBuilder().withNewMetadata().withName(clusterRole).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(NAMESPACE).endSubject()
                .build());
        if (!namespaceRules.isEmpty()) {
            manifests.add(new RoleBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                    .withRules(namespaceRules).build());
            manifests.add(new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                    .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                    .addNewSubject().withKind("ServiceAccount").withName(name).withNamespace(NAMESPACE).endSubject()
                    .build());
        }
    }

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs, String... names) {
        return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs)
                .withResourceNames(names).build();
    }
}
