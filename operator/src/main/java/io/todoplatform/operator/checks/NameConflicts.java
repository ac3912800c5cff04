package io.todoplatform.operator.checks;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Finds a child name already taken by an object this TodoPlatform does not control (say a second TodoPlatform in
 * the namespace with the default names). Server-side apply would take the object over; we leave it alone.
 */
public final class NameConflicts {
  private NameConflicts() {}

  /**
   * @param knownOwned objects already in the operator's caches as children of this TodoPlatform: no need to ask
   *     the API server about those
   */
  public static Optional<String> find(KubernetesClient client, TodoPlatform owner, List<HasMetadata> desired,
      Predicate<HasMetadata> knownOwned) {
    for (HasMetadata object : desired) {
      if (knownOwned.test(object)) {
        continue;
      }
      HasMetadata existing = fetch(client, object);
      if (existing != null && !controlledBy(existing, owner)) {
        return Optional.of(object.getKind() + " \"" + object.getMetadata().getName() + "\" already exists in namespace "
            + object.getMetadata().getNamespace() + " and is " + describeOwner(existing)
            + "; rename this TodoPlatform's " + fieldFor(object) + " or remove the other object");
      }
    }
    return Optional.empty();
  }

  private static HasMetadata fetch(KubernetesClient client, HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    String name = object.getMetadata().getName();
    return client.resources(object.getClass()).inNamespace(namespace).withName(name).get();
  }

  public static boolean controlledBy(HasMetadata existing, TodoPlatform owner) {
    List<OwnerReference> references = existing.getMetadata().getOwnerReferences();
    return references != null && references.stream()
        .anyMatch(r -> owner.getMetadata().getUid() != null && owner.getMetadata().getUid().equals(r.getUid()));
  }

  private static String describeOwner(HasMetadata existing) {
    List<OwnerReference> references = existing.getMetadata().getOwnerReferences();
    if (references == null || references.isEmpty()) {
      return "not managed by any TodoPlatform";
    }
    OwnerReference reference = references.get(0);
    return "owned by " + reference.getKind() + " \"" + reference.getName() + "\"";
  }

  private static String fieldFor(HasMetadata object) {
    return switch (object.getKind()) {
      case "Component" -> "component name (spec.pubsub.name, spec.stateStore.name, spec.secretStore.name or"
          + " spec.scheduler.name)";
      default -> "app-id (spec.backend.appId)";
    };
  }
}
