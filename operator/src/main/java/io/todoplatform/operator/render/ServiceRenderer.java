package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.todoplatform.operator.Constants;
import java.util.Map;

/** An app's ClusterIP Service on its port. Dapr makes its own "<app-id>-dapr" Service; we never touch it. */
final class ServiceRenderer {
  private ServiceRenderer() {}

  static Service render(RenderContext context) {
    return service(context, context.names().service(), context.spec().getBackend().getPort(),
        Labels.of(context.platform(), DeploymentRenderer.COMPONENT),
        Labels.selector(context.platform(), DeploymentRenderer.COMPONENT));
  }

  static Service renderChat(RenderContext context) {
    return service(context, context.chatNames().service(), context.chat().orElseThrow().getPort(),
        Labels.chat(context.platform()), Labels.chatSelector(context.platform()));
  }

  private static Service service(RenderContext context, String name, int port, Map<String, String> labels,
      Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(context.platform().getMetadata().getNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(selector)
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
