package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.todoplatform.operator.Constants;

/** The backend's ClusterIP Service on its port. Dapr makes its own "<app-id>-dapr" Service; we never touch it. */
final class ServiceRenderer {
  private ServiceRenderer() {}

  static Service render(RenderContext context) {
    int port = context.spec().getBackend().getPort();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(context.names().service())
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(Labels.of(context.platform(), DeploymentRenderer.COMPONENT))
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Labels.selector(context.platform(), DeploymentRenderer.COMPONENT))
        .addNewPort()
        .withName(Constants.PORT_NAME)
        .withProtocol("TCP")
        .withPort(port)
        .withTargetPort(new IntOrString(Constants.PORT_NAME))
        .endPort()
        .endSpec()
        .build();
  }
}
