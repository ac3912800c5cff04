package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

/**
 * chat-api's Kubernetes children (on a cluster only; its Dapr Configuration and conversation Component are in
 * {@link DesiredState} with the other Dapr resources).
 */
public record ChatChildren(
    ServiceAccount serviceAccount,
    Role secretReaderRole,
    RoleBinding secretReaderBinding,
    Service service,
    Deployment deployment) {}
