package io.todoplatform.operator.runtime;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * How one operator process runs. Production uses server-side apply; the in-process tests on fabric8's mock server
 * switch it off because that server does not implement it.
 */
public record OperatorSettings(
    Set<String> watchNamespaces,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    String leaseIdentity,
    int operationsPort,
    boolean serverSideApply,
    int reconcileThreads,
    Duration shutdownGracePeriod) {

  public static final String LEASE_NAME = "todo-platform-operator";
  public static final int DEFAULT_OPERATIONS_PORT = 8080;
  /**
   * Twice java-operator-sdk's (and client-go's) 15 s / 10 s: on a CPU-starved node a busy leader's renewals were
   * measured 9 s apart and taking 7.5 s in the API server, so with 10 s it lost its Lease (and halted) while it was the
   * only replica. Costs a slower take-over after a leader died without releasing the Lease (30 s instead of 15 s).
   */
  public static final Duration LEASE_DURATION = Duration.ofSeconds(30);
  public static final Duration LEASE_RENEW_DEADLINE = Duration.ofSeconds(20);

  /**
   * Reads WATCH_NAMESPACES, LEADER_ELECTION, LEASE_NAMESPACE/POD_NAMESPACE, HOSTNAME (the replica's identity in the
   * Lease: its Pod name), OPERATIONS_PORT, RECONCILE_THREADS and SHUTDOWN_GRACE_SECONDS.
   */
  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    String hostname = env.get("HOSTNAME");
    return new OperatorSettings(
        namespaces(env.get("WATCH_NAMESPACES")),
        Boolean.parseBoolean(env.getOrDefault("LEADER_ELECTION", "false")),
        LEASE_NAME,
        env.getOrDefault("LEASE_NAMESPACE", env.get("POD_NAMESPACE")),
        hostname == null || hostname.isBlank() ? UUID.randomUUID().toString() : hostname,
        Integer.parseInt(env.getOrDefault("OPERATIONS_PORT", String.valueOf(DEFAULT_OPERATIONS_PORT))),
        true,
        Integer.parseInt(env.getOrDefault("RECONCILE_THREADS", "5")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("SHUTDOWN_GRACE_SECONDS", "30"))));
  }

  /** Comma-separated; unset or empty means every namespace. */
  static Set<String> namespaces(String value) {
    if (value == null || value.isBlank()) {
      return Set.of();
    }
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }

  public boolean watchesAllNamespaces() {
    return watchNamespaces.isEmpty();
  }


  public OperatorSettings withServerSideApply(boolean enabled) {
    return new OperatorSettings(watchNamespaces, leaderElection, leaseName, leaseNamespace, leaseIdentity,
        operationsPort, enabled, reconcileThreads, shutdownGracePeriod);
  }

  public OperatorSettings withOperationsPort(int port) {
    return new OperatorSettings(watchNamespaces, leaderElection, leaseName, leaseNamespace, leaseIdentity, port,
        serverSideApply, reconcileThreads, shutdownGracePeriod);
  }

  public OperatorSettings withWatchNamespaces(Set<String> namespaces) {
    return new OperatorSettings(namespaces, leaderElection, leaseName, leaseNamespace, leaseIdentity,
        operationsPort, serverSideApply, reconcileThreads, shutdownGracePeriod);
  }

  public OperatorSettings withLeaderElection(boolean enabled, String namespace) {
    return new OperatorSettings(watchNamespaces, enabled, leaseName, namespace, leaseIdentity, operationsPort,
        serverSideApply, reconcileThreads, shutdownGracePeriod);
  }
}
