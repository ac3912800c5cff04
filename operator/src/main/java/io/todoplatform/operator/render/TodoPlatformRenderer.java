package io.todoplatform.operator.render;

import io.todoplatform.operator.api.v1alpha1.ChatSpec;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one pure function from a TodoPlatform to everything it needs. `render` prints its result and the reconciler
 * applies it, so what a platform team reviews offline is what lands on the cluster.
 */
public final class TodoPlatformRenderer {
  private TodoPlatformRenderer() {}

  /** @throws InvalidSpecException listing every problem, each with its field path */
  public static DesiredState render(TodoPlatform platform, RenderOptions options) {
    return renderDefaulted(SpecDefaults.withDefaults(platform), options);
  }

  /** As {@link #render}, for a caller that has applied {@link SpecDefaults#withDefaults} already (it clones). */
  public static DesiredState renderDefaulted(TodoPlatform defaulted, RenderOptions options) {
    List<Violation> violations = new ArrayList<>(InstanceName.violations(defaulted.getMetadata()));
    violations.addAll(SpecValidator.validate(defaulted.getSpec()));
    if (!violations.isEmpty()) {
      throw new InvalidSpecException(violations);
    }
    RenderContext context = new RenderContext(defaulted, options);
    Optional<ChatSpec> chat = context.chat();

    List<Component> components = new ArrayList<>();
    components.add(SecretStoreComponentRenderer.render(context));
    components.add(PubSubComponentRenderer.render(context));
    components.add(StateStoreComponentRenderer.render(context));
    if (defaulted.getSpec().getScheduler().getEnabled()) {
      components.add(SweepBindingRenderer.render(context));
    }
    chat.ifPresent(c -> components.add(ConversationComponentRenderer.render(context, c)));
    Resiliency resiliency = ResiliencyRenderer.render(context);
    Configuration configuration = DaprConfigurationRenderer.render(context);
    Optional<Configuration> chatConfiguration = chat.map(c -> DaprConfigurationRenderer.renderChat(context));
    if (context.selfHosted()) {
      return new DesiredState(defaulted.getSpec(), Optional.empty(), Optional.empty(), Optional.empty(), components,
          resiliency, configuration, Optional.empty(), Optional.empty(), Optional.empty(), chatConfiguration,
          Optional.empty());
    }

    String backendHash = ContentHash.of(DesiredState.daprResourcesOf(defaulted.getSpec().getBackend().getAppId(),
        components, resiliency, configuration));
    Optional<ChatChildren> chatChildren = chat.map(c -> new ChatChildren(
        RbacRenderer.chatServiceAccount(context),
        RbacRenderer.chatSecretReaderRole(context),
        RbacRenderer.chatSecretReaderBinding(context),
        ServiceRenderer.renderChat(context),
        ChatRenderer.render(context, ContentHash.of(DesiredState.daprResourcesOf(c.getAppId(), components,
            resiliency, chatConfiguration.orElseThrow())))));
    return new DesiredState(defaulted.getSpec(),
        Optional.of(RbacRenderer.serviceAccount(context)),
        Optional.of(RbacRenderer.secretReaderRole(context)),
        Optional.of(RbacRenderer.secretReaderBinding(context)),
        components, resiliency, configuration,
        Optional.of(ServiceRenderer.render(context)),
        Optional.of(DeploymentRenderer.render(context, backendHash)),
        DisruptionBudgetRenderer.render(context),
        chatConfiguration, chatChildren);
  }
}
