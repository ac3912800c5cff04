package io.todoplatform.operator.render;

import static io.todoplatform.operator.render.DaprResources.secretKeyRef;
import static io.todoplatform.operator.render.DaprResources.value;

import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.Metadata;
import io.todoplatform.operator.api.v1alpha1.StateStoreSpec;
import java.util.ArrayList;
import java.util.List;

/** The state.postgresql (v1) Component. */
final class StateStoreComponentRenderer {
  static final String COMPONENT = "statestore";

  private StateStoreComponentRenderer() {}

  static Component render(RenderContext context) {
    StateStoreSpec state = context.spec().getStateStore();
    List<Metadata> metadata = new ArrayList<>(List.of(
        secretKeyRef("connectionString", state.getConnectionSecretRef().getName(),
            state.getConnectionSecretRef().getKey()),
        value("tableName", state.getTableName())));
    if (state.getMaxConnections() != null) {
      metadata.add(value("maxConns", Integer.toString(state.getMaxConnections())));
    }
    // chat-api keeps its conversations here too.
    return DaprResources.component(context.platform(), state.getName(), COMPONENT, "state.postgresql", metadata,
        null, context.componentSecretStore(), context.scopesWithChat());
  }
}
