package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds dapr.io/v1alpha1 objects. They are kept generic (not typed classes) because the operator only writes
 * them, and a generic object serialises exactly the fields Dapr's CRDs define, no more.
 */
public final class DaprResources {
  private DaprResources() {}

  public static GenericKubernetesResource object(TodoPlatform platform, String kind, String name, String component,
      Map<String, Object> spec) {
    GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
        .withApiVersion(Constants.DAPR_API_VERSION)
        .withKind(kind)
        .withNewMetadata()
        .withName(name)
        .withNamespace(platform.getMetadata().getNamespace())
        .withLabels(Labels.of(platform, component))
        .endMetadata()
        .build();
    resource.setAdditionalProperty("spec", spec);
    return resource;
  }

  /** A Component; {@code scopes} and {@code auth} are top-level fields beside spec, not inside it. */
  public static GenericKubernetesResource component(TodoPlatform platform, String name, String component,
      String type, List<Map<String, Object>> metadata, String initTimeout, String secretStore, List<String> scopes) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("type", type);
    spec.put("version", "v1");
    if (initTimeout != null) {
      spec.put("initTimeout", initTimeout);
    }
    spec.put("metadata", metadata);
    GenericKubernetesResource resource = object(platform, Constants.KIND_COMPONENT, name, component, spec);
    if (secretStore != null) {
      resource.setAdditionalProperty("auth", Map.of("secretStore", secretStore));
    }
    resource.setAdditionalProperty("scopes", new ArrayList<>(scopes));
    return resource;
  }

  public static Map<String, Object> value(String name, String value) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("name", name);
    item.put("value", value);
    return item;
  }

  public static Map<String, Object> secretKeyRef(String name, String secretName, String key) {
    Map<String, Object> ref = new LinkedHashMap<>();
    ref.put("name", secretName);
    ref.put("key", key);
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("name", name);
    item.put("secretKeyRef", ref);
    return item;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }
}
