package io.todoplatform.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.workflow.WorkflowReconcileResult;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.checks.DaprCrds;
import io.todoplatform.operator.checks.NameConflicts;
import io.todoplatform.operator.checks.SecretChecker;
import io.todoplatform.operator.checks.SecretRequirements;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import io.todoplatform.operator.dependent.ComponentsDependent;
import io.todoplatform.operator.dependent.DaprConfigurationDependent;
import io.todoplatform.operator.dependent.DaprInstalledCondition;
import io.todoplatform.operator.dependent.DeploymentDependent;
import io.todoplatform.operator.dependent.DesiredStates;
import io.todoplatform.operator.dependent.ResiliencyDependent;
import io.todoplatform.operator.dependent.SecretReaderBindingDependent;
import io.todoplatform.operator.dependent.SecretReaderRoleDependent;
import io.todoplatform.operator.dependent.ServiceAccountDependent;
import io.todoplatform.operator.dependent.ServiceDependent;
import io.todoplatform.operator.render.DesiredState;
import io.todoplatform.operator.render.InvalidSpecException;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.SpecDefaults;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.render.Violation;
import io.todoplatform.operator.status.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a TodoPlatform into exactly what `render` prints. Before anything is applied it checks what would
 * leave the platform half-deployed or crash-looping (an invalid spec, no Dapr, a missing Secret, a name owned by
 * someone else); then it runs the workflow of dependents and reports the truth in the status.
 */
@Workflow(explicitInvocation = true, handleExceptionsInReconciler = true, dependents = {
    @Dependent(name = "service-account", type = ServiceAccountDependent.class),
    @Dependent(name = "secret-reader-role", type = SecretReaderRoleDependent.class),
    @Dependent(name = "secret-reader-binding", type = SecretReaderBindingDependent.class,
        dependsOn = {"service-account", "secret-reader-role"}),
    @Dependent(name = "components", type = ComponentsDependent.class,
        activationCondition = DaprInstalledCondition.class),
    @Dependent(name = "resiliency", type = ResiliencyDependent.class,
        activationCondition = DaprInstalledCondition.class),
    @Dependent(name = "dapr-configuration", type = DaprConfigurationDependent.class,
        activationCondition = DaprInstalledCondition.class),
    @Dependent(name = "service", type = ServiceDependent.class),
    // The sidecar reads the Dapr resources at start: apply them before the pods that read them.
    @Dependent(name = "deployment", type = DeploymentDependent.class,
        dependsOn = {"service-account", "components", "resiliency", "dapr-configuration"})
})
@ControllerConfiguration(name = TodoPlatformReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrPauseChangedFilter.class),
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = -1, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 120_000)
public class TodoPlatformReconciler implements Reconciler<TodoPlatform> {
  public static final String NAME = "todoplatform";
  static final String SECRET_INDEX = "referenced-secrets";
  static final Duration DAPR_RECHECK = Duration.ofSeconds(15);
  static final Duration CONFLICT_RECHECK = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(TodoPlatformReconciler.class);

  private final Clock clock;
  private final StatusPublisher statusPublisher;
  private volatile InformerEventSource<Secret, TodoPlatform> secrets;
  private volatile io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache<TodoPlatform> cache;

  public TodoPlatformReconciler() {
    this(Clock.systemUTC());
  }

  TodoPlatformReconciler(Clock clock) {
    this.clock = clock;
    this.statusPublisher = new StatusPublisher(clock);
  }

  @Override
  public List<EventSource<?, TodoPlatform>> prepareEventSources(EventSourceContext<TodoPlatform> context) {
    cache = context.getPrimaryCache();
    context.getPrimaryCache().addIndexer(SECRET_INDEX, TodoPlatformReconciler::referencedSecretKeys);
    // Watch the referenced Secrets, so a platform waiting for one continues the moment it appears.
    var configuration = InformerEventSourceConfiguration.from(Secret.class, TodoPlatform.class)
        .withName(SECRET_INDEX)
        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
            .byIndex(SECRET_INDEX, secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    secrets = new InformerEventSource<>(configuration, context);
    return List.of(secrets);
  }

  /** The TodoPlatforms currently known, for the Ready-state gauge. */
  public Stream<TodoPlatform> knownPlatforms() {
    return cache == null ? Stream.empty() : cache.list();
  }

  @Override
  public UpdateControl<TodoPlatform> reconcile(TodoPlatform platform, Context<TodoPlatform> context) {
    LOG.info("reconciling generation {}", platform.getMetadata().getGeneration());
    DesiredState desired;
    try {
      desired = TodoPlatformRenderer.render(platform, RenderOptions.kubernetes());
    } catch (InvalidSpecException e) {
      String message = e.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
      return statusPublisher.blocked(platform, context,
          new Blocker(Reason.INVALID_SPEC, message, Optional.empty()), recorder(context));
    }
    if (PauseAnnotation.isPaused(platform)) {
      return statusPublisher.paused(platform, desired, context, recorder(context));
    }
    Optional<Blocker> blocker = blocker(platform, desired, context);
    if (blocker.isPresent()) {
      return statusPublisher.blocked(platform, context, blocker.get(), recorder(context));
    }

    DesiredStates.remember(desired, context);
    WorkflowReconcileResult result = context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    if (result.erroredDependentsExist()) {
      var errors = result.getErroredDependents();
      String message = errors.entrySet().stream()
          .map(e -> e.getKey().name() + ": " + rootMessage(e.getValue()))
          .collect(Collectors.joining("; "));
      throw new ApplyFailedException(message, errors.values().iterator().next());
    }
    Optional<Deployment> deployment = context.getSecondaryResource(Deployment.class);
    return statusPublisher.applied(platform, desired, deployment, context, recorder(context));
  }

  @Override
  public ErrorStatusUpdateControl<TodoPlatform> updateErrorStatus(TodoPlatform platform,
      Context<TodoPlatform> context, Exception e) {
    if (isConflict(e)) {
      // Someone changed the TodoPlatform while we reconciled it: not a failure, the retry reads it afresh.
      LOG.info("the TodoPlatform changed during reconciliation; retrying with the latest version");
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message = e instanceof ApplyFailedException ? e.getMessage() : rootMessage(e);
    LOG.warn("applying children failed: {}", message);
    return statusPublisher.applyFailed(platform, context, message, recorder(context));
  }

  private Optional<Blocker> blocker(TodoPlatform platform, DesiredState desired, Context<TodoPlatform> context) {
    DaprCrds crds = DaprCrds.of(context.getClient());
    if (!crds.installedNow()) {
      return Optional.of(new Blocker(Reason.DAPR_NOT_INSTALLED, "Dapr is not installed in this cluster (missing CRDs: "
          + String.join(", ", crds.missing()) + "). Install the Dapr control plane 1.16 or later with its Scheduler"
          + " (dapr init -k, or the dapr Helm chart); this TodoPlatform then continues by itself.",
          Optional.of(DAPR_RECHECK)));
    }
    String namespace = platform.getMetadata().getNamespace();
    Optional<String> missingSecret = SecretChecker.firstMissing(
        SecretRequirements.of(desired.effectiveSpec()),
        name -> secrets.get(new ResourceID(name, namespace)));
    if (missingSecret.isPresent()) {
      return Optional.of(new Blocker(Reason.SECRET_NOT_FOUND, missingSecret.get(), Optional.empty()));
    }
    Set<String> owned = ownedChildren(platform, context);
    return NameConflicts.find(context.getClient(), platform, desired.inApplyOrder(),
            object -> owned.contains(key(object)))
        .map(message -> new Blocker(Reason.NAME_CONFLICT, message, Optional.of(CONFLICT_RECHECK)));
  }

  /** Children already in the dependents' caches: those are ours, no need to ask the API server about them. */
  private static Set<String> ownedChildren(TodoPlatform platform, Context<TodoPlatform> context) {
    return Stream.of(io.fabric8.kubernetes.api.model.ServiceAccount.class,
            io.fabric8.kubernetes.api.model.rbac.Role.class, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class,
            io.fabric8.kubernetes.api.model.Service.class, Deployment.class, Component.class, Resiliency.class,
            Configuration.class)
        .flatMap(type -> {
          try {
            return context.getSecondaryResourcesAsStream(type);
          } catch (RuntimeException notRegisteredYet) {
            return Stream.empty();
          }
        })
        .map(object -> key((HasMetadata) object))
        .collect(Collectors.toSet());
  }

  private static String key(HasMetadata object) {
    return object.getKind() + "/" + object.getMetadata().getName();
  }

  static List<String> referencedSecretKeys(TodoPlatform platform) {
    try {
      String namespace = platform.getMetadata().getNamespace();
      return SecretRequirements.secretNames(SpecDefaults.withDefaults(platform).getSpec()).stream()
          .map(name -> namespace + "/" + name).toList();
    } catch (RuntimeException invalidSpec) {
      // An invalid spec references nothing we could use; its status already says why.
      return List.of();
    }
  }

  private EventRecorder recorder(Context<TodoPlatform> context) {
    return new EventRecorder(context.getClient());
  }

  static boolean isConflict(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof KubernetesClientException clientError && clientError.getCode() == 409) {
        return true;
      }
    }
    return false;
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
