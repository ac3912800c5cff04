package io.todoplatform.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.todoplatform.operator.reconciler.TodoPlatformReconciler;
import java.time.Clock;
import java.time.Duration;
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

  private final AtomicBoolean closing;

  private OperatorRuntime(Operator operator, OperationsServer operations, PrometheusMeterRegistry registry,
      TodoPlatformReconciler reconciler, AtomicBoolean closing) {
    this.closing = closing;
    this.reconciler = reconciler;
    this.operator = operator;
    this.operations = operations;
    this.registry = registry;
  }

  /** Checks the cluster, registers the reconciler and starts serving; the same wiring as `run`. */
  public static OperatorRuntime start(KubernetesClient client, OperatorSettings settings) {
    return start(client, settings, () -> {
      LOG.error("lost the leader lease: exiting so that only the new leader reconciles");
      System.exit(1);
    });
  }

  /**
   * @param onLeadershipLost what to do when another replica takes the lease while this one runs (not when it
   *     shuts down): the process must stop reconciling at once
   */
  public static OperatorRuntime start(KubernetesClient client, OperatorSettings settings, Runnable onLeadershipLost) {
    AtomicBoolean closing = new AtomicBoolean();
    Preflight.check(client, settings);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Operator operator = new Operator(overrider -> {
      overrider.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          // Without per-resource tags: one series per TodoPlatform would grow without bound.
          .withMetrics(MicrometerMetrics.newMicrometerMetricsBuilder(registry).notCollectingMetricsPerResource().build())
          .withConcurrentReconciliationThreads(settings.reconcileThreads())
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
            .withExitOnStopLeading(false)
            .withLeaderCallbacks(new LeaderCallbacks(
                () -> LOG.info("acquired the leader lease {}", settings.leaseName()),
                () -> {
                  if (!closing.get()) {
                    onLeadershipLost.run();
                  }
                },
                leader -> LOG.info("leader is now {}", leader)))
            .build());
      }
    });
    TodoPlatformReconciler reconciler = new TodoPlatformReconciler();
    operator.register(reconciler, configuration -> {
      if (!settings.watchesAllNamespaces()) {
        configuration.settingNamespaces(settings.watchNamespaces());
      }
    });
    ReadyStateGauge.register(registry, reconciler::knownPlatforms);
    registry.getPrometheusRegistry().register(new ConditionMetrics(reconciler::knownPlatforms, Clock.systemUTC()));
    operator.start();
    OperationsServer operations = new OperationsServer(settings.operationsPort(), registry, operator.getRuntimeInfo());
    LOG.info("operator started: watching {}, leader election {}, server-side apply {}, metrics and health on :{}",
        settings.watchesAllNamespaces() ? "all namespaces" : settings.watchNamespaces(),
        settings.leaderElection() ? "on (lease " + settings.leaseName() + ")" : "off",
        settings.serverSideApply() ? "on" : "off", operations.port());
    return new OperatorRuntime(operator, operations, registry, reconciler, closing);
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

  /** Stops taking new events and waits (up to the grace period) for reconciliations in flight. */
  @Override
  public void close() {
    closing.set(true);
    LOG.info("stopping: finishing reconciliations in flight");
    operations.close();
    operator.stop();
  }
}
