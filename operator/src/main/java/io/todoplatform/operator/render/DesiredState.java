package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one TodoPlatform renders to. {@link #inApplyOrder()} is what `render` prints and what the reconciler
 * applies: identities and Dapr resources first, so the sidecar finds them when the Deployment starts it.
 * {@code effectiveSpec} is the spec it was rendered from, defaults applied.
 */
public record DesiredState(
    TodoPlatformSpec effectiveSpec,
    Optional<ServiceAccount> serviceAccount,
    Optional<Role> secretReaderRole,
    Optional<RoleBinding> secretReaderBinding,
    List<Component> components,
    Resiliency resiliency,
    Configuration configuration,
    Optional<Service> service,
    Optional<Deployment> deployment,
    Optional<PodDisruptionBudget> disruptionBudget) {

  public List<HasMetadata> inApplyOrder() {
    List<HasMetadata> all = new ArrayList<>();
    serviceAccount.ifPresent(all::add);
    secretReaderRole.ifPresent(all::add);
    secretReaderBinding.ifPresent(all::add);
    all.addAll(daprResources());
    service.ifPresent(all::add);
    deployment.ifPresent(all::add);
    disruptionBudget.ifPresent(all::add);
    return all;
  }

  /** The resources a sidecar reads when it starts: a change to any of them needs new pods. */
  public List<HasMetadata> daprResources() {
    return daprResources(components, resiliency, configuration);
  }

  static List<HasMetadata> daprResources(List<Component> components, Resiliency resiliency,
      Configuration configuration) {
    List<HasMetadata> dapr = new ArrayList<>(components);
    dapr.add(resiliency);
    dapr.add(configuration);
    return dapr;
  }

  public Optional<Component> component(String name) {
    return components.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
  }

  public List<String> componentNames() {
    return components.stream().map(c -> c.getMetadata().getName()).toList();
  }

}
