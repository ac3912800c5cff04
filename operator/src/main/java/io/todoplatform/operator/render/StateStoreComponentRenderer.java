package io.todoplatform.operator.render;

import static io.todoplatform.operator.render.DaprResources.secretKeyRef;
import static io.todoplatform.operator.render.DaprResources.value;

import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.api.v1alpha1.StateStoreSpec;
import java.util.List;

/** The state.postgresql (v1) Component. */
final class StateStoreComponentRenderer {
  static final String COMPONENT = "statestore";

  private StateStoreComponentRenderer() {}

  static Component render(RenderContext context) {
    StateStoreSpec state = context.spec().getStateStore();
    return DaprResources.component(context.platform(), state.getName(), COMPONENT, "state.postgresql",
        List.of(
            secretKeyRef("connectionString", state.getConnectionSecretRef().getName(),
                state.getConnectionSecretRef().getKey()),
            value("tableName", state.getTableName())),
        null, context.componentSecretStore(), context.scopesWithChat());
  }
}
