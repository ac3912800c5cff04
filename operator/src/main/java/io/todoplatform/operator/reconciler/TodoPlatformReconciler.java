package io.todoplatform.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
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
import io.todoplatform.operator.api.v1alpha1.TodoPlatformSpec;
import io.todoplatform.operator.checks.DaprCrds;
import io.todoplatform.operator.checks.NameConflicts;
import io.todoplatform.operator.checks.SecretChecker;
import io.todoplatform.operator.checks.SecretRequirements;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import io.todoplatform.operator.dependent.ChatConfigurationDependent;
import io.todoplatform.operator.dependent.ChatDeploymentDependent;
import io.todoplatform.operator.dependent.ChatEnabled;
import io.todoplatform.operator.dependent.ChatSecretReaderBindingDependent;
import io.todoplatform.operator.dependent.ChatSecretReaderRoleDependent;
import io.todoplatform.operator.dependent.ChatServiceAccountDependent;
import io.todoplatform.operator.dependent.ChatServiceDependent;
import io.todoplatform.operator.dependent.ComponentsDependent;
import io.todoplatform.operator.dependent.DependentNames;
import io.todoplatform.operator.dependent.DaprConfigurationDependent;
import io.todoplatform.operator.dependent.DaprInstalledCondition;
import io.todoplatform.operator.dependent.DeploymentDependent;
import io.todoplatform.operator.dependent.DesiredStates;
import io.todoplatform.operator.dependent.DisruptionBudgetDependent;
import io.todoplatform.operator.dependent.DisruptionBudgetWanted;
import io.todoplatform.operator.dependent.ResiliencyDependent;
import io.todoplatform.operator.dependent.SecretReaderBindingDependent;
import io.todoplatform.operator.dependent.SecretReaderRoleDependent;
import io.todoplatform.operator.dependent.ServiceAccountDependent;
import io.todoplatform.operator.dependent.ServiceDependent;
import io.todoplatform.operator.render.DesiredState;
import io.todoplatform.operator.render.InvalidSpecException;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.ResourceNames;
import io.todoplatform.operator.render.SpecDefaults;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.render.Violation;
import io.todoplatform.operator.secrets.AppTokenSecrets;
import io.todoplatform.operator.secrets.ReferencedSecretStore;
import io.todoplatform.operator.status.Reason;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
    @Dependent(name = DependentNames.DEPLOYMENT, type = DeploymentDependent.class,
        dependsOn = {"service-account", "components", "resiliency", "dapr-configuration"}),
    // Deleted (a Deleter whose precondition fails) when the backend shrinks to one replica.
    @Dependent(name = "disruption-budget", type = DisruptionBudgetDependent.class,
        reconcilePrecondition = DisruptionBudgetWanted.class),
    // chat-api's own children while spec.chat is enabled; deleted when it is not (its Component is in "components").
    @Dependent(name = DependentNames.CHAT_SERVICE_ACCOUNT, type = ChatServiceAccountDependent.class,
        reconcilePrecondition = ChatEnabled.class),
    @Dependent(name = DependentNames.CHAT_SECRET_READER_ROLE, type = ChatSecretReaderRoleDependent.class,
        reconcilePrecondition = ChatEnabled.class),
    @Dependent(name = DependentNames.CHAT_SECRET_READER_BINDING, type = ChatSecretReaderBindingDependent.class,
        reconcilePrecondition = ChatEnabled.class,
        dependsOn = {DependentNames.CHAT_SERVICE_ACCOUNT, DependentNames.CHAT_SECRET_READER_ROLE}),
    @Dependent(name = DependentNames.CHAT_CONFIGURATION, type = ChatConfigurationDependent.class,
        activationCondition = DaprInstalledCondition.class, reconcilePrecondition = ChatEnabled.class),
    @Dependent(name = DependentNames.CHAT_SERVICE, type = ChatServiceDependent.class,
        reconcilePrecondition = ChatEnabled.class),
    @Dependent(name = DependentNames.CHAT_DEPLOYMENT, type = ChatDeploymentDependent.class,
        reconcilePrecondition = ChatEnabled.class,
        dependsOn = {DependentNames.CHAT_SERVICE_ACCOUNT, "components", "resiliency",
            DependentNames.CHAT_CONFIGURATION})
})
@ControllerConfiguration(name = TodoPlatformReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrPauseChangedFilter.class),
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
@GradualRetry(maxAttempts = -1, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 120_000)
public class TodoPlatformReconciler implements Reconciler<TodoPlatform> {
  public static final String NAME = "todoplatform";
  private static final String WATCH_ALL_NAMESPACES =
      io.javaoperatorsdk.operator.api.reconciler.Constants.WATCH_ALL_NAMESPACES;
  static final String SECRET_INDEX = "referenced-secrets";
  static final Duration DAPR_RECHECK = Duration.ofSeconds(15);
  static final Duration CONFLICT_RECHECK = Duration.ofMinutes(1);
  private static final Logger LOG = LoggerFactory.getLogger(TodoPlatformReconciler.class);

  private final Clock clock;
  private final StatusPublisher statusPublisher;
  /** One Secret informer (and item store) per watched namespace, or one under WATCH_ALL_NAMESPACES. */
  private final Map<String, InformerEventSource<Secret, TodoPlatform>> secretSources = new ConcurrentHashMap<>();
  private final Map<String, ReferencedSecretStore> secretStores = new ConcurrentHashMap<>();
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
    // Watch the Secrets, so a platform waiting for one continues the moment it appears and a rotated one rolls the
    // pods; but keep only the referenced ones, without values (ReferencedSecretStore).
    Set<String> namespaces = context.getControllerConfiguration().getInformerConfig().getNamespaces();
    boolean allNamespaces = namespaces.contains(WATCH_ALL_NAMESPACES);
    List<EventSource<?, TodoPlatform>> sources = new ArrayList<>();
    for (String namespace : allNamespaces ? Set.of(WATCH_ALL_NAMESPACES) : namespaces) {
      ReferencedSecretStore store = new ReferencedSecretStore(
          key -> !context.getPrimaryCache().byIndex(SECRET_INDEX, key).isEmpty(),
          key -> fetchSecret(context.getClient(), key));
      var configuration = InformerEventSourceConfiguration.from(Secret.class, TodoPlatform.class)
          .withName(allNamespaces ? SECRET_INDEX : SECRET_INDEX + "-" + namespace)
          .withNamespaces(Set.of(namespace))
          .withItemStore(store)
          .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache()
              .byIndex(SECRET_INDEX, secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())
              .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
          .build();
      InformerEventSource<Secret, TodoPlatform> source = new InformerEventSource<>(configuration, context);
      secretSources.put(namespace, source);
      secretStores.put(namespace, store);
      sources.add(source);
    }
    return sources;
  }

  private static Secret fetchSecret(KubernetesClient client, String key) {
    int slash = key.indexOf('/');
    return client.secrets().inNamespace(key.substring(0, slash)).withName(key.substring(slash + 1)).get();
  }

  private Optional<Secret> secret(String namespace, String name) {
    var source = secretSources.getOrDefault(namespace, secretSources.get(WATCH_ALL_NAMESPACES));
    return source == null ? Optional.empty() : source.get(new ResourceID(name, namespace));
  }

  /** What the operator holds of Secrets: the referenced ones, key names only (for the metrics and the tests). */
  public Stream<Secret> cachedSecrets() {
    return secretStores.values().stream().flatMap(ReferencedSecretStore::kept);
  }

  /** The TodoPlatforms currently known, for the Ready-state gauge. */
  public Stream<TodoPlatform> knownPlatforms() {
    return cache == null ? Stream.empty() : cache.list();
  }

  /** The TodoPlatform as the operator's cache has it (what a reconciliation of it would read now). */
  public Optional<TodoPlatform> knownPlatform(ResourceID id) {
    return cache == null ? Optional.empty() : cache.get(id);
  }

  @Override
  public UpdateControl<TodoPlatform> reconcile(TodoPlatform platform, Context<TodoPlatform> context) {
    LOG.info("reconciling generation {}", platform.getMetadata().getGeneration());
    // Each Secret looked up once per reconciliation (a missing one costs a GET each time).
    Map<String, Optional<Secret>> looked = new HashMap<>();
    String namespace = platform.getMetadata().getNamespace();
    Function<String, Optional<Secret>> secrets = name -> looked.computeIfAbsent(name, n -> secret(namespace, n));
    DesiredState desired;
    try {
      // With the versions of the Secrets the pods resolve at start: a rotated one rolls them.
      desired = render(platform, secrets);
    } catch (InvalidSpecException e) {
      String message = e.violations().stream().map(Violation::toString).collect(Collectors.joining("; "));
      return statusPublisher.blocked(platform, context,
          new Blocker(Reason.INVALID_SPEC, message, Optional.empty()), recorder(context));
    }
    if (PauseAnnotation.isPaused(platform)) {
      return statusPublisher.paused(platform, context, recorder(context));
    }
    Optional<Blocker> blocker = blocker(platform, desired, context, secrets);
    if (blocker.isPresent()) {
      return statusPublisher.blocked(platform, context, blocker.get(), recorder(context));
    }

    if (ensureGeneratedAppToken(platform, desired, context.getClient(), secrets)) {
      // Just created: its version goes into the pod templates from the first apply on.
      desired = render(platform, name -> secret(namespace, name));
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
    return statusPublisher.applied(platform, desired, context, recorder(context));
  }

  @Override
  public ErrorStatusUpdateControl<TodoPlatform> updateErrorStatus(TodoPlatform platform,
      Context<TodoPlatform> context, Exception e) {
    // A child's 409 (say it exists but the operator's cache lost it) is a failure to apply it, reported as such;
    // only a conflict on the TodoPlatform itself means it changed under us. (java-operator-sdk hands the
    // reconciler's exception over wrapped.)
    Optional<ApplyFailedException> applyFailed = causeOfType(e, ApplyFailedException.class);
    if (applyFailed.isEmpty() && isConflict(e)) {
      // Someone changed the TodoPlatform while we reconciled it: not a failure, the retry reads it afresh.
      LOG.info("the TodoPlatform changed during reconciliation; retrying with the latest version");
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message = applyFailed.map(Throwable::getMessage).orElseGet(() -> rootMessage(e));
    LOG.warn("applying children failed: {}", message);
    return statusPublisher.applyFailed(platform, context, message, recorder(context));
  }

  private Optional<Blocker> blocker(TodoPlatform platform, DesiredState desired, Context<TodoPlatform> context,
      Function<String, Optional<Secret>> secrets) {
    DaprCrds.Checked crds = DaprCrds.of(context.getClient());
    if (!crds.installedNow()) {
      return Optional.of(new Blocker(Reason.DAPR_NOT_INSTALLED, "Dapr is not installed in this cluster (missing CRDs: "
          + String.join(", ", crds.missing()) + "). Install the Dapr control plane 1.16 or later with its Scheduler"
          + " (dapr init -k, or the dapr Helm chart); this TodoPlatform then continues by itself.",
          Optional.of(DAPR_RECHECK)));
    }
    String namespace = platform.getMetadata().getNamespace();
    Optional<String> missingSecret = SecretChecker.firstMissing(
        SecretRequirements.of(desired.effectiveSpec()), secrets);
    if (missingSecret.isPresent()) {
      return Optional.of(new Blocker(Reason.SECRET_NOT_FOUND, missingSecret.get(), Optional.empty()));
    }
    Optional<String> tokenConflict = generatedAppTokenName(desired)
        .flatMap(secrets)
        .filter(existing -> !NameConflicts.controlledBy(existing, platform))
        .map(existing -> "Secret \"" + existing.getMetadata().getName() + "\" already exists in namespace "
            + namespace + " and is not this TodoPlatform's generated app token; name it in"
            + " spec.dapr.appTokenSecretRef (it needs the key \"token\") or remove it");
    if (tokenConflict.isPresent()) {
      return Optional.of(new Blocker(Reason.NAME_CONFLICT, tokenConflict.get(), Optional.of(CONFLICT_RECHECK)));
    }
    Set<String> owned = ownedChildren(platform, context);
    return NameConflicts.find(context.getClient(), platform, desired.inApplyOrder(),
            object -> owned.contains(key(object)))
        .map(message -> new Blocker(Reason.NAME_CONFLICT, message, Optional.of(CONFLICT_RECHECK)));
  }

  /** The app-token Secret the operator must generate, when the spec names none. */
  private static Optional<String> generatedAppTokenName(DesiredState desired) {
    return desired.effectiveSpec().getDapr().getAppTokenSecretRef() == null
        ? Optional.of(ResourceNames.of(desired.effectiveSpec()).generatedAppTokenSecret())
        : Optional.empty();
  }

  /**
   * Creates the generated app token once; afterwards it is only read (from the cache: key names, no value).
   *
   * @return whether it was created now
   */
  private boolean ensureGeneratedAppToken(TodoPlatform platform, DesiredState desired, KubernetesClient client,
      Function<String, Optional<Secret>> secrets) {
    String namespace = platform.getMetadata().getNamespace();
    Optional<String> name = generatedAppTokenName(desired);
    if (name.isEmpty() || secrets.apply(name.get()).isPresent()) {
      return false;
    }
    try {
      client.secrets().inNamespace(namespace).resource(AppTokenSecrets.generate(platform, name.get()))
          .create();
      LOG.info("generated the app token Secret {}/{}", namespace, name.get());
      return true;
    } catch (KubernetesClientException e) {
      throw new ApplyFailedException("app-token: " + rootMessage(e), e);
    }
  }

  /** Rendered once per reconciliation: it was the larger part of the CPU a reconciliation with nothing to do costs. */
  private static DesiredState render(TodoPlatform platform, Function<String, Optional<Secret>> secrets) {
    TodoPlatform defaulted = SpecDefaults.withDefaults(platform);
    return TodoPlatformRenderer.renderDefaulted(defaulted,
        RenderOptions.kubernetes().withSecretVersions(secretVersions(defaulted, secrets)));
  }

  /** resourceVersion by name of every Secret the sidecar or the app resolves when a pod starts. */
  private static Map<String, String> secretVersions(TodoPlatform defaulted,
      Function<String, Optional<Secret>> secrets) {
    Map<String, String> versions = new TreeMap<>();
    for (String name : secretNamesOfDefaulted(defaulted)) {
      secrets.apply(name).ifPresent(s -> versions.put(name, s.getMetadata().getResourceVersion()));
    }
    return versions;
  }

  private static List<String> secretNamesResolvedAtStart(TodoPlatformSpec spec) {
    List<String> names = new ArrayList<>(SecretRequirements.secretNames(spec));
    if (spec.getDapr().getAppTokenSecretRef() == null) {
      names.add(ResourceNames.of(spec).generatedAppTokenSecret());
    }
    return names;
  }

  /** Children already in the dependents' caches: those are ours, no need to ask the API server about them. */
  private static Set<String> ownedChildren(TodoPlatform platform, Context<TodoPlatform> context) {
    return Stream.of(io.fabric8.kubernetes.api.model.ServiceAccount.class,
            io.fabric8.kubernetes.api.model.rbac.Role.class, io.fabric8.kubernetes.api.model.rbac.RoleBinding.class,
            io.fabric8.kubernetes.api.model.Service.class, Deployment.class, Component.class, Resiliency.class,
            Configuration.class, PodDisruptionBudget.class)
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
    String namespace = platform.getMetadata().getNamespace();
    return referencedSecretNames(platform).stream().map(name -> namespace + "/" + name).toList();
  }

  private static List<String> referencedSecretNames(TodoPlatform platform) {
    return secretNamesOfDefaulted(SpecDefaults.withDefaults(platform));
  }

  private static List<String> secretNamesOfDefaulted(TodoPlatform defaulted) {
    try {
      return secretNamesResolvedAtStart(defaulted.getSpec());
    } catch (RuntimeException invalidSpec) {
      // An invalid spec references nothing we could use; its status says why (rendering it fails with the reason).
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

  static <T extends Throwable> Optional<T> causeOfType(Throwable error, Class<T> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (type.isInstance(cause)) {
        return Optional.of(type.cast(cause));
      }
    }
    return Optional.empty();
  }

  static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    // The API server's own answer reads better than the client's "Failure executing: PATCH at: ..." wrapper.
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof KubernetesClientException clientError && clientError.getStatus() != null
          && clientError.getStatus().getMessage() != null) {
        return clientError.getStatus().getMessage() + " (HTTP " + clientError.getCode() + ")";
      }
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

}
