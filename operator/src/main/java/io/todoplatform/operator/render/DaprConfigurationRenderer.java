package io.todoplatform.operator.render;

import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.DaprSpec;
import io.todoplatform.operator.api.v1alpha1.OtlpSpec;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.ConfigurationSpec;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.Metrics;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.Secrets;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.Tracing;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.secrets.Scopes;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.tracing.Otel;
import java.util.ArrayList;
import java.util.List;

/** The Dapr Configuration named in dapr.io/config: tracing, metrics and what secrets the app may read. */
final class DaprConfigurationRenderer {
  static final String COMPONENT = "configuration";

  private DaprConfigurationRenderer() {}

  static Configuration render(RenderContext context) {
    DaprSpec dapr = context.spec().getDapr();
    Tracing tracing = new Tracing();
    tracing.setSamplingRate(dapr.getTracing().getSamplingRate());
    OtlpSpec otlp = dapr.getTracing().getOtlp();
    if (otlp != null) {
      Otel otel = new Otel();
      otel.setEndpointAddress(otlp.getEndpoint());
      // Dapr's isSecure defaults to true: always write it, from the spec's insecure flag.
      otel.setIsSecure(!otlp.getInsecure());
      otel.setProtocol(otlp.getProtocol().wireValue());
      tracing.setOtel(otel);
    }

    ConfigurationSpec spec = new ConfigurationSpec();
    spec.setTracing(tracing);
    // "metrics", not the older "metric": Dapr applies metrics over metric, and the CRD defaults metrics to enabled on
    // the API server, so a metric.enabled=false would be overridden there. The generated model starts with the
    // schema's default for both: write only the one we decide.
    Metrics metrics = new Metrics();
    metrics.setEnabled(dapr.getEnableMetrics());
    spec.setMetrics(metrics);
    spec.setMetric(null);
    Secrets secrets = new Secrets();
    secrets.setScopes(secretScopes(context));
    spec.setSecrets(secrets);
    Configuration resource = DaprResources.withMetadata(new Configuration(), context.platform(),
        context.names().configuration(), COMPONENT);
    resource.setSpec(spec);
    return resource;
  }

  /** The app may read exactly allowedSecrets from its store, and nothing from Dapr's built-in kubernetes store. */
  private static List<Scopes> secretScopes(RenderContext context) {
    List<Scopes> scopes = new ArrayList<>();
    Scopes appStore = new Scopes();
    appStore.setStoreName(context.spec().getSecretStore().getName());
    appStore.setDefaultAccess("deny");
    appStore.setAllowedSecrets(new ArrayList<>(context.spec().getSecretStore().getAllowedSecrets()));
    scopes.add(appStore);
    if (!context.selfHosted()) {
      Scopes builtin = new Scopes();
      builtin.setStoreName(Constants.DAPR_BUILTIN_KUBERNETES_STORE);
      builtin.setDefaultAccess("deny");
      scopes.add(builtin);
    }
    return scopes;
  }
}
