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
 * applies: identities and Dapr resources first, so a sidecar finds them when its Deployment starts it.
 * {@code effectiveSpec} is the spec it was rendered from, defaults applied. {@code chatConfiguration} and
 * {@code chat} are there while spec.chat is enabled (chat's conversation Component is among {@code components}).
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
    Optional<PodDisruptionBudget> disruptionBudget,
    Optional<Configuration> chatConfiguration,
    Optional<ChatChildren> chat) {

  public List<HasMetadata> inApplyOrder() {
    List<HasMetadata> all = new ArrayList<>();
    serviceAccount.ifPresent(all::add);
    secretReaderRole.ifPresent(all::add);
    secretReaderBinding.ifPresent(all::add);
    chat.ifPresent(c -> {
      all.add(c.serviceAccount());
      all.add(c.secretReaderRole());
      all.add(c.secretReaderBinding());
    });
    all.addAll(daprResources());
    service.ifPresent(all::add);
    deployment.ifPresent(all::add);
    disruptionBudget.ifPresent(all::add);
    chat.ifPresent(c -> {
      all.add(c.service());
      all.add(c.deployment());
    });
    return all;
  }

  /** The resources sidecars read when they start: a change to one an app's sidecar reads needs new pods of it. */
  public List<HasMetadata> daprResources() {
    List<HasMetadata> dapr = new ArrayList<>(components);
    dapr.add(resiliency);
    dapr.add(configuration);
    chatConfiguration.ifPresent(dapr::add);
    return dapr;
  }

  /**
   * The Dapr resources one app's sidecar loads: the Components and Resiliency scoped to it (or to everyone) and its
   * own Configuration.
   */
  static List<HasMetadata> daprResourcesOf(String appId, List<Component> components, Resiliency resiliency,
      Configuration configuration) {
    List<HasMetadata> dapr = new ArrayList<>();
    components.stream().filter(c -> loadedBy(c.getScopes(), appId)).forEach(dapr::add);
    if (loadedBy(resiliency.getScopes(), appId)) {
      dapr.add(resiliency);
    }
    dapr.add(configuration);
    return dapr;
  }

  private static boolean loadedBy(List<String> scopes, String appId) {
    return scopes == null || scopes.isEmpty() || scopes.contains(appId);
  }

  public Optional<Component> component(String name) {
    return components.stream().filter(c -> c.getMetadata().getName().equals(name)).findFirst();
  }

  public List<String> componentNames() {
    return components.stream().map(c -> c.getMetadata().getName()).toList();
  }

}
