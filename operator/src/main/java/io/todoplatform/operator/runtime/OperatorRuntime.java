package io.todoplatform.operator.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.todoplatform.operator.reconciler.TodoPlatformReconciler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running operator: java-operator-sdk with the TodoPlatform reconciler, metrics and health endpoints. */
public final class OperatorRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRuntime.class);

  private final Operator operator;
  private final OperationsServer operations;
  private final PrometheusMeterRegistry registry;

  private OperatorRuntime(Operator operator, OperationsServer operations, PrometheusMeterRegistry registry) {
    this.operator = operator;
    this.operations = operations;
    this.registry = registry;
  }

  /** Checks the cluster, registers the reconciler and starts serving; the same wiring as `run`. */
  public static OperatorRuntime start(KubernetesClient client, OperatorSettings settings) {
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
        overrider.withLeaderElectionConfiguration(
            new LeaderElectionConfiguration(settings.leaseName(), settings.leaseNamespace()));
      }
    });
    TodoPlatformReconciler reconciler = new TodoPlatformReconciler();
    operator.register(reconciler, configuration -> {
      if (!settings.watchesAllNamespaces()) {
        configuration.settingNamespaces(settings.watchNamespaces());
      }
    });
    ReadyStateGauge.register(registry, reconciler::knownPlatforms);
    operator.start();
    OperationsServer operations = new OperationsServer(settings.operationsPort(), registry, operator.getRuntimeInfo());
    LOG.info("operator started: watching {}, leader election {}, server-side apply {}, metrics and health on :{}",
        settings.watchesAllNamespaces() ? "all namespaces" : settings.watchNamespaces(),
        settings.leaderElection() ? "on (lease " + settings.leaseName() + ")" : "off",
        settings.serverSideApply() ? "on" : "off", operations.port());
    return new OperatorRuntime(operator, operations, registry);
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

  /** Stops taking new events and waits (up to the grace period) for reconciliations in flight. */
  @Override
  public void close() {
    LOG.info("stopping: finishing reconciliations in flight");
    operations.close();
    operator.stop();
  }
}
