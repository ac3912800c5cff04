package io.todoplatform.operator.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.todoplatform.operator.reconciler.SpecOrPauseChangedFilter;
import io.todoplatform.operator.reconciler.TodoPlatformReconciler;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running operator: java-operator-sdk with the TodoPlatform reconciler, metrics and health endpoints. */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final Operator operator;
  private final OperationsServer operations;
  private final PrometheusMeterRegistry registry;
  private final TodoPlatformReconciler reconciler;
  private final KubernetesClient client;
  private final boolean ownsClient;
  private final OperatorSettings settings;
  private final ThreadPoolExecutor reconciliations;

  private final AtomicBoolean closing;
  private final AtomicBoolean stopping;

  private OperatorRuntime(Operator operator, OperationsServer operations, PrometheusMeterRegistry registry,
      TodoPlatformReconciler reconciler, AtomicBoolean closing, AtomicBoolean stopping, KubernetesClient client,
      boolean ownsClient, OperatorSettings settings, ThreadPoolExecutor reconciliations) {
    this.ownsClient = ownsClient;
    this.closing = closing;
    this.stopping = stopping;
    this.reconciler = reconciler;
    this.operator = operator;
    this.operations = operations;
    this.registry = registry;
    this.client = client;
    this.settings = settings;
    this.reconciliations = reconciliations;
  }

  /** Checks the cluster, registers the reconciler and starts serving; the same wiring as `run`. */
  public static OperatorRuntime start(KubernetesClient client, OperatorSettings settings) {
    return start(client, settings, () -> {
      LOG.error("lost the leader lease: stopping at once so that only the new leader reconciles");
      // Not System.exit: its shutdown hook would let reconciliations in flight go on beside the new leader.
      Runtime.getRuntime().halt(1);
    });
  }

  /**
   * @param onLeadershipLost what to do when this replica loses the lease while it runs or finishes its reconciliations
   *     on a stop (not once they are finished): it must stop reconciling at once
   */
  public static OperatorRuntime start(KubernetesClient given, OperatorSettings settings, Runnable onLeadershipLost) {
    AtomicBoolean closing = new AtomicBoolean();
    AtomicBoolean stopping = new AtomicBoolean();
    Preflight.check(given, settings);
    // With leader election, everything the operator does goes through a client that writes only while this replica
    // has renewed its Lease recently (LeaderWriteFence): a leader that was frozen must not write beside the next one.
    KubernetesClient client = settings.leaderElection()
        ? KubernetesClients.builder().withConfig(given.getConfiguration())
            .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("leader-write-fence",
                new LeaderWriteFence(settings.leaseNamespace(), OperatorSettings.LEASE_RENEW_DEADLINE,
                    System::nanoTime)))
            .build()
        : given;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    TodoPlatformReconciler reconciler = new TodoPlatformReconciler();
    PendingSpecChanges pendingChanges = new PendingSpecChanges();
    // java-operator-sdk's default (a fixed pool of the reconcile threads), but ours, so that a stop can let the
    // reconciliations in flight finish before java-operator-sdk stops anything they use (see close()), and so that
    // a spec change goes before the queued resync of every platform (SpecChangesFirstQueue). Once the stop has
    // begun, what the informers still submit is dropped: the next leader reconciles it.
    ThreadPoolExecutor reconciliations = new ThreadPoolExecutor(settings.reconcileThreads(),
        settings.reconcileThreads(), 0, TimeUnit.MILLISECONDS,
        new SpecChangesFirstQueue(new QueuedTasks()::resourceId, pendingChanges,
            id -> reconciler.knownPlatform(id).isPresent()),
        new ThreadPoolExecutor.DiscardPolicy());
    Operator operator = new Operator(overrider -> {
      overrider.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // Without per-resource tags: one series per TodoPlatform would grow without bound.
          .withMetrics(MicrometerMetrics.newMicrometerMetricsBuilder(registry).notCollectingMetricsPerResource().build())
          .withExecutorService(reconciliations)
          .withReconciliationTerminationTimeout(settings.shutdownGracePeriod())
          .withCacheSyncTimeout(Duration.ofMinutes(1));
      if (!settings.serverSideApply()) {
        overrider.withUseSSAToPatchPrimaryResource(false)
            .withSSABasedCreateUpdateMatchForDependentResources(false);
      }
      if (settings.leaderElection()) {
        // java-operator-sdk would System.exit on *any* stop of leading, shutdown included, which deadlocks a JVM
        // shutdown hook: only a real loss of the lease ends the process.
        overrider.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder
            .aLeaderElectionConfiguration(settings.leaseName())
            .withLeaseNamespace(settings.leaseNamespace())
            .withIdentity(settings.leaseIdentity())
            .withLeaseDuration(OperatorSettings.LEASE_DURATION)
            .withRenewDeadline(OperatorSettings.LEASE_RENEW_DEADLINE)
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(new LeaderCallbacks(
                () -> LOG.info("acquired the leader lease {}", settings.leaseName()),
                () -> {
                  // Also while reconciliations finish on a stop: they must not go on beside the next leader.
                  if (!stopping.get()) {
                    onLeadershipLost.run();
                  }
                },
                leader -> LOG.info("leader is now {}", leader)))
            .build());
      }
    });
    operator.register(reconciler, configuration -> {
      // The annotation's filter, plus: every platform the informer delivers tells the queue whether it has a spec
      // change waiting.
      SpecOrPauseChangedFilter reconcileOnUpdate = new SpecOrPauseChangedFilter();
      configuration.withOnAddFilter(platform -> {
        pendingChanges.observe(platform);
        return true;
      }).withOnUpdateFilter((updated, old) -> {
        pendingChanges.observe(updated);
        return reconcileOnUpdate.accept(updated, old);
      });
      if (!settings.watchesAllNamespaces()) {
        configuration.settingNamespaces(settings.watchNamespaces());
      }
    });
    ReadyStateGauge.register(registry, reconciler::knownPlatforms);
    registry.getPrometheusRegistry().register(new ConditionMetrics(reconciler::knownPlatforms, Clock.systemUTC()));
    operator.start();
    // Before the replica reports ready: a standby must not list them when it takes over.
    DaprInformersAtStart.start(operator, client);
    OperationsServer operations = new OperationsServer(settings.operationsPort(), registry, operator.getRuntimeInfo());
    LOG.info("operator started: watching {}, leader election {}, server-side apply {}, metrics and health on :{}",
        settings.watchesAllNamespaces() ? "all namespaces" : settings.watchNamespaces(),
        settings.leaderElection() ? "on (lease " + settings.leaseName() + ")" : "off",
        settings.serverSideApply() ? "on" : "off", operations.port());
    return new OperatorRuntime(operator, operations, registry, reconciler, closing, stopping, client,
        client != given, settings, reconciliations);
  }

  public int operationsPort() {
    return operations.port();
  }

  public Operator operator() {
    return operator;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public TodoPlatformReconciler reconciler() {
    return reconciler;
  }

  /**
   * Stops: lets the reconciliations in flight finish (up to the grace period; the queued ones are left to the next
   * leader), then stops java-operator-sdk and, if they all finished, hands the Lease over, so a standby takes over
   * within its retry period instead of waiting for the Lease to expire.
   *
   * <p>The waiting is done here, not by java-operator-sdk's stop: that one shuts down the executors a reconciliation's
   * dependents run on at the same moment as the reconciliation executor it waits for, so a reconciliation in flight
   * failed half-way (RejectedExecutionException) and reported a bogus ApplyFailed, with a Warning event, on every
   * graceful stop; and it stops renewing the Lease while it waits. Here the Lease is renewed until the reconciliations
   * have finished, and if it is lost meanwhile the process halts.
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    LOG.info("stopping: finishing reconciliations in flight (up to {} s)", settings.shutdownGracePeriod().toSeconds());
    operations.close();
    boolean finished = finishReconciliations();
    stopping.set(true);
    operator.stop();
    if (settings.leaderElection()) {
      if (finished) {
        releaseLease();
      } else {
        LOG.warn("reconciliations still running after {} s: keeping the leader lease until it expires",
            settings.shutdownGracePeriod().toSeconds());
      }
    }
    if (ownsClient) {
      client.close();
    }
  }

  private boolean finishReconciliations() {
    reconciliations.shutdown();
    int dropped = reconciliations.getQueue().size();
    reconciliations.getQueue().clear();
    if (dropped > 0) {
      LOG.info("left {} queued reconciliations to the next leader", dropped);
    }
    try {
      return reconciliations.awaitTermination(settings.shutdownGracePeriod().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** As client-go's ReleaseOnCancel: no holder, a one-second lease; only if this replica still holds it. */
  private void releaseLease() {
    try {
      Lease lease = client.leases().inNamespace(settings.leaseNamespace()).withName(settings.leaseName()).get();
      if (lease == null || !settings.leaseIdentity().equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setAcquireTime(now);
      lease.getSpec().setRenewTime(now);
      // An update with the resourceVersion read: if another replica took the Lease meanwhile, it stays theirs.
      client.leases().inNamespace(settings.leaseNamespace()).resource(lease).update();
      LOG.info("released the leader lease {}", settings.leaseName());
    } catch (KubernetesClientException e) {
      LOG.warn("could not release the leader lease (a standby takes over when it expires): {}", e.getMessage());
    }
  }
}
