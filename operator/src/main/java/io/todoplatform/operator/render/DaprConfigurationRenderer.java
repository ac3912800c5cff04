package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.DaprSpec;
import io.todoplatform.operator.api.v1alpha1.OtlpSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Dapr Configuration named in dapr.io/config: tracing, metrics and what secrets the app may read. */
final class DaprConfigurationRenderer {
  static final String COMPONENT = "configuration";

  private DaprConfigurationRenderer() {}

  static GenericKubernetesResource render(RenderContext context) {
    DaprSpec dapr = context.spec().getDapr();
    Map<String, Object> tracing = new LinkedHashMap<>();
    tracing.put("samplingRate", dapr.getTracing().getSamplingRate());
    OtlpSpec otlp = dapr.getTracing().getOtlp();
    if (otlp != null) {
      Map<String, Object> otel = new LinkedHashMap<>();
      otel.put("endpointAddress", otlp.getEndpoint());
      // Dapr's isSecure defaults to true: always write it, from the spec's insecure flag.
      otel.put("isSecure", !otlp.getInsecure());
      otel.put("protocol", otlp.getProtocol().wireValue());
      tracing.put("otel", otel);
    }

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("tracing", tracing);
    spec.put("metric", Map.of("enabled", dapr.getEnableMetrics()));
    spec.put("secrets", Map.of("scopes", secretScopes(context)));
    return DaprResources.object(context.platform(), Constants.KIND_CONFIGURATION, context.names().configuration(),
        COMPONENT, spec);
  }

  /** The app may read exactly allowedSecrets from its store, and nothing from Dapr's built-in kubernetes store. */
  private static List<Map<String, Object>> secretScopes(RenderContext context) {
    List<Map<String, Object>> scopes = new ArrayList<>();
    Map<String, Object> appStore = new LinkedHashMap<>();
    appStore.put("storeName", context.spec().getSecretStore().getName());
    appStore.put("defaultAccess", "deny");
    appStore.put("allowedSecrets", new ArrayList<>(context.spec().getSecretStore().getAllowedSecrets()));
    scopes.add(appStore);
    if (!context.selfHosted()) {
      Map<String, Object> builtin = new LinkedHashMap<>();
      builtin.put("storeName", Constants.DAPR_BUILTIN_KUBERNETES_STORE);
      builtin.put("defaultAccess", "deny");
      scopes.add(builtin);
    }
    return scopes;
  }
}
