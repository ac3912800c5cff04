package io.todoplatform.operator.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.runtime.KubernetesClients;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.runtime.OperatorSettings;
import io.todoplatform.operator.runtime.StartupException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the operator until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {
        "Connects to the cluster (in-cluster service account, else KUBECONFIG or ~/.kube/config), reconciles"
            + " TodoPlatforms and serves /metrics, /healthz and /readyz until stopped.",
        "Environment: WATCH_NAMESPACES (comma-separated; unset or empty: all namespaces), LEADER_ELECTION=true,"
            + " LEASE_NAMESPACE or POD_NAMESPACE, OPERATIONS_PORT (8080), RECONCILE_THREADS (5),"
            + " SHUTDOWN_GRACE_SECONDS (30)."})
public class RunCommand implements Callable<Integer> {
  static final int CANNOT_START = 1;

  @Spec
  CommandSpec commandSpec;

  @Option(names = "--watch-namespaces", split = ",", paramLabel = "NS",
      description = "Namespaces to watch (overrides WATCH_NAMESPACES).")
  Set<String> watchNamespaces;

  @Option(names = "--leader-election", description = "Elect a leader through a Lease (multi-replica installs).")
  Boolean leaderElection;

  @Option(names = "--operations-port", paramLabel = "PORT", description = "Port of /metrics, /healthz, /readyz.")
  Integer operationsPort;

  @Override
  public Integer call() throws InterruptedException {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    if (watchNamespaces != null) {
      settings = settings.withWatchNamespaces(watchNamespaces);
    }
    if (leaderElection != null) {
      settings = settings.withLeaderElection(leaderElection, settings.leaseNamespace());
    }
    if (operationsPort != null) {
      settings = settings.withOperationsPort(operationsPort);
    }
    KubernetesClient client = KubernetesClients.builder().build();
    OperatorRuntime runtime;
    try {
      runtime = OperatorRuntime.start(client, settings);
    } catch (StartupException e) {
      commandSpec.commandLine().getErr().println("todo-operator: " + e.getMessage());
      client.close();
      return CANNOT_START;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // java-operator-sdk 5.2 installs no shutdown hook when leader election is on: install ours in every mode.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      runtime.close();
      client.close();
      stopped.countDown();
    }, "shutdown"));
    stopped.await();
    return 0;
  }
}
