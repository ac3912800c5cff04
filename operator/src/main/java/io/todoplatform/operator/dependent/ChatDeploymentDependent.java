package io.todoplatform.operator.dependent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.todoplatform.operator.runtime.CompactItemStore;

/** chat-api's Deployment with its sidecar annotations. */
@KubernetesDependent(informer = @Informer(labelSelector = Selectors.CHAT, itemStore = CompactItemStore.class))
public class ChatDeploymentDependent extends ChatDependent<Deployment> {
  public ChatDeploymentDependent() {
    super(Deployment.class, desired -> desired.chat().orElseThrow().deployment());
  }
}
