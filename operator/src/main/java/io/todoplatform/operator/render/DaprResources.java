package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.AnyType;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.ComponentSpec;
import io.todoplatform.operator.dapr.v1alpha1.component.Auth;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.Metadata;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.metadata.SecretKeyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds dapr.io/v1alpha1 objects from the Java models generated from Dapr's own CRDs (operator/src/main/dapr-crds),
 * so the compiler checks every field name against Dapr's schema.
 */
public final class DaprResources {
  private DaprResources() {}

  /** Sets the name, namespace and labels every Dapr child carries. */
  static <T extends CustomResource<?, ?>> T withMetadata(T resource, TodoPlatform platform, String name,
      String component) {
    return withMetadata(resource, platform, name, Labels.of(platform, component));
  }

  static <T extends CustomResource<?, ?>> T withMetadata(T resource, TodoPlatform platform, String name,
      Map<String, String> labels) {
    resource.setMetadata(new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(platform.getMetadata().getNamespace())
        .withLabels(labels)
        .build());
    return resource;
  }

  /** A Component; {@code scopes} and {@code auth} are top-level fields beside spec, not inside it. */
  static Component component(TodoPlatform platform, String name, String component, String type,
      List<Metadata> metadata, String initTimeout, String secretStore, List<String> scopes) {
    return component(platform, name, Labels.of(platform, component), type, metadata, initTimeout, secretStore, scopes);
  }

  static Component component(TodoPlatform platform, String name, Map<String, String> labels, String type,
      List<Metadata> metadata, String initTimeout, String secretStore, List<String> scopes) {
    ComponentSpec spec = new ComponentSpec();
    spec.setType(type);
    spec.setVersion("v1");
    spec.setInitTimeout(initTimeout);
    spec.setMetadata(new ArrayList<>(metadata));
    Component resource = withMetadata(new Component(), platform, name, labels);
    resource.setSpec(spec);
    if (secretStore != null) {
      Auth auth = new Auth();
      auth.setSecretStore(secretStore);
      resource.setAuth(auth);
    }
    resource.setScopes(new ArrayList<>(scopes));
    return resource;
  }

  static Metadata value(String name, String value) {
    Metadata item = new Metadata();
    item.setName(name);
    item.setValue(new AnyType(value));
    return item;
  }

  static Metadata secretKeyRef(String name, String secretName, String key) {
    SecretKeyRef ref = new SecretKeyRef();
    ref.setName(secretName);
    ref.setKey(key);
    Metadata item = new Metadata();
    item.setName(name);
    item.setSecretKeyRef(ref);
    return item;
  }
}
