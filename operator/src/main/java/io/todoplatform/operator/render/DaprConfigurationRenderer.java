package io.todoplatform.operator.render;

import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.DaprSpec;
import io.todoplatform.operator.api.v1alpha1.OtlpSpec;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.ConfigurationSpec;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.AccessControl;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.Metrics;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.NameResolution;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.Secrets;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.Tracing;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.secrets.Scopes;
import io.todoplatform.operator.dapr.v1alpha1.configurationspec.tracing.Otel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Dapr Configurations named in dapr.io/config, one per app: tracing, metrics, what secrets the app may read, and
 * who may call it through service invocation ({@link AccessControlRenderer}).
 */
final class DaprConfigurationRenderer {
  static final String COMPONENT = "configuration";

  private DaprConfigurationRenderer() {}

  /** The backend's: its allowedSecrets, and only chat-api (when enabled) may invoke it, on the task routes. */
  static Configuration render(RenderContext context) {
    return configuration(context, context.names().configuration(), Labels.of(context.platform(), COMPONENT),
        context.spec().getSecretStore().getAllowedSecrets(), AccessControlRenderer.backend(context));
  }

  /** chat-api's: it reads only the JWT secret (never the model's key), and nothing may invoke it. */
  static Configuration renderChat(RenderContext context) {
    return configuration(context, context.chatNames().configuration(), Labels.chat(context.platform()),
        List.of(Constants.JWT_SECRET), AccessControlRenderer.nobody());
  }

  private static Configuration configuration(RenderContext context, String name, Map<String, String> labels,
      List<String> allowedSecrets, AccessControl accessControl) {
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
    secrets.setScopes(secretScopes(context, allowedSecrets));
    spec.setSecrets(secrets);
    spec.setAccessControl(accessControl);
    if (context.selfHosted()) {
      spec.setNameResolution(sqliteNameResolution(context.options().nameResolutionDb()));
    }
    Configuration resource = DaprResources.withMetadata(new Configuration(), context.platform(), name, labels);
    resource.setSpec(spec);
    return resource;
  }

  /**
   * Self-hosted, the sidecars of one machine find each other through a SQLite file they all open (Dapr's offline
   * resolver; the standalone default, mDNS, needs multicast). On a cluster daprd's default, the kubernetes resolver
   * (cluster DNS), is right.
   */
  private static NameResolution sqliteNameResolution(String file) {
    NameResolution resolution = new NameResolution();
    resolution.setComponent("sqlite");
    resolution.setVersion("v1");
    var configuration = new io.todoplatform.operator.dapr.v1alpha1.configurationspec.nameresolution.Configuration();
    configuration.setAdditionalProperty("connectionString", file);
    resolution.setConfiguration(configuration);
    return resolution;
  }

  /** The app may read exactly these from its store, and nothing from Dapr's built-in kubernetes store. */
  private static List<Scopes> secretScopes(RenderContext context, List<String> allowedSecrets) {
    List<Scopes> scopes = new ArrayList<>();
    Scopes appStore = new Scopes();
    appStore.setStoreName(context.spec().getSecretStore().getName());
    appStore.setDefaultAccess("deny");
    appStore.setAllowedSecrets(new ArrayList<>(allowedSecrets));
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
