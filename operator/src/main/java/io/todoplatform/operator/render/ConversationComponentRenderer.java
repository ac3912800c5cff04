package io.todoplatform.operator.render;

import static io.todoplatform.operator.render.DaprResources.secretKeyRef;
import static io.todoplatform.operator.render.DaprResources.value;

import io.todoplatform.operator.api.v1alpha1.ChatModelSpec;
import io.todoplatform.operator.api.v1alpha1.ChatSpec;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.componentspec.Metadata;
import java.util.ArrayList;
import java.util.List;

/**
 * chat-api's model: a conversation.* Component scoped to chat-api alone. The API key is a secretKeyRef the sidecar
 * resolves when it loads the component, so chat-api never holds it and no manifest carries it.
 */
final class ConversationComponentRenderer {
  private ConversationComponentRenderer() {}

  static Component render(RenderContext context, ChatSpec chat) {
    ChatModelSpec model = chat.getModel();
    List<Metadata> metadata = new ArrayList<>();
    if (model.getApiKeySecretRef() != null) {
      metadata.add(secretKeyRef("key", model.getApiKeySecretRef().getName(), model.getApiKeySecretRef().getKey()));
    }
    if (model.getEndpoint() != null) {
      metadata.add(value("endpoint", model.getEndpoint()));
    }
    if (model.getModel() != null) {
      metadata.add(value("model", model.getModel()));
    }
    String secretStore = model.getApiKeySecretRef() != null ? context.componentSecretStore() : null;
    return DaprResources.component(context.platform(), context.chatNames().modelComponent(),
        Labels.chat(context.platform()), model.getType().componentType(), metadata, null, secretStore,
        List.of(chat.getAppId()));
  }
}
