package io.todoplatform.operator.render;

import static io.todoplatform.operator.render.DaprResources.value;

import io.todoplatform.operator.dapr.v1alpha1.Component;
import java.util.List;

/**
 * The secret store the app reads its own secrets through: the Kubernetes store on a cluster, a local JSON file
 * (shaped like Kubernetes Secrets, thanks to multiValued) when self-hosted.
 */
final class SecretStoreComponentRenderer {
  static final String COMPONENT = "secretstore";

  private SecretStoreComponentRenderer() {}

  static Component render(RenderContext context) {
    String name = context.spec().getSecretStore().getName();
    if (context.selfHosted()) {
      return DaprResources.component(context.platform(), name, COMPONENT, "secretstores.local.file",
          List.of(value("secretsFile", context.options().secretsFile()), value("multiValued", "true")),
          null, null, context.scopesWithChat());
    }
    return DaprResources.component(context.platform(), name, COMPONENT, "secretstores.kubernetes", List.of(),
        null, null, context.scopesWithChat());
  }
}
