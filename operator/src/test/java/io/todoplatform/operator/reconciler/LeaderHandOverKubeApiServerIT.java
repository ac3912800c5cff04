package io.todoplatform.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.runtime.OperatorSettings;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.OperatorProcess;
import io.todoplatform.operator.support.OperatorReplicas;
import io.todoplatform.operator.support.PlatformQueries;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.AuditLog;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election as shipped, with replicas that are real processes: each replica is `todo-operator run` in its own
 * JVM (the image's JVM flags, deploy/'s environment, LEADER_ELECTION=true), acting as the operator's ServiceAccount
 * under the shipped RBAC with a token bound to its own Pod. The API server's audit log records every write with the
 * Pod that made it, which is how the test proves that no two replicas ever reconciled at the same time.
 *
 * <p>While the TodoPlatforms' specs keep changing (a user at work), the leader is first SIGKILLed (its JVM dies holding
 * the Lease: the standby takes over once the Lease has expired) and then, with a new standby waiting, the next leader
 * gets SIGTERM (the kubelet's graceful stop: it finishes its reconciliations in flight and releases the Lease, and
 * the standby takes over at its next try), and last the leader is frozen (SIGSTOP, as a stopped container or a long
 * pause would leave it: it keeps its connections and believes it leads) until the standby has taken over, then woken
 * up (SIGCONT): nothing it writes may land beside the new leader, and it halts. Each new leader applies every change
 * made meanwhile.
 */
class LeaderHandOverKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension().withAuditLog(AuditLog.Level.WRITES);

  private static final Logger LOG = LoggerFactory.getLogger(LeaderHandOverKubeApiServerIT.class);
  /** java-operator-sdk's default retry period (a standby tries to take the Lease every 2 to 4.4 s). */
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);
  /** Slack for a loaded, shared machine on top of what leader election itself may take. */
  private static final Duration SLACK = Duration.ofSeconds(30);
  /**
   * How long a request a replica had already sent when it was killed or frozen may take to reach the API server. Its
   * response completes after the signal (seen once: 44 ms); what must never happen is a request sent afterwards.
   */
  private static final Duration IN_FLIGHT = Duration.ofSeconds(1);
  private static final List<String> NAMESPACES = List.of("handover-1", "handover-2", "handover-3");
  private static final List<String> BURST = java.util.stream.IntStream.rangeClosed(1, 20)
      .mapToObj(i -> "burst-" + i).toList();
  private static final String STEP_ANNOTATION = "example.com/handover-step";

  @Test
  void killedStoppedOrFrozenTheLeaderHandsOverAndNoTwoReplicasEverReconcileAtOnce() throws Exception {
    KubernetesClient admin = KUBE.client();
    OperatorReplicas.installClusterWide(admin);
    EstablishedCrds.installDaprCrds(admin);
    for (String ns : NAMESPACES) {
      ClusterFixtures.namespace(admin, ns);
      ClusterFixtures.productionSecrets(admin, ns);
      PlatformQueries.create(admin, ClusterFixtures.production(ns));
    }
    Path credentials = Environment.outputDir().resolve("leader-hand-over");
    var podA = OperatorReplicas.replica(admin, KUBE.server(), "todo-platform-operator-a", credentials);
    var podB = OperatorReplicas.replica(admin, KUBE.server(), "todo-platform-operator-b", credentials);
    var podC = OperatorReplicas.replica(admin, KUBE.server(), "todo-platform-operator-c", credentials);
    var podD = OperatorReplicas.replica(admin, KUBE.server(), "todo-platform-operator-d", credentials);
    OperatorProcess.Program program = OperatorProcess.Program.classes();

    Instant killedA;
    Instant stoppedB;
    Instant frozenC;
    Instant thawedC;
    String logOfC;
    try (OperatorProcess a = OperatorProcess.start("a", program, podA, Map.of(), List.of());
         SpecChurn churn = new SpecChurn(admin)) {
      awaitLeader(admin, podA.podName());
      try (OperatorProcess b = OperatorProcess.start("b", program, podB, Map.of(), List.of())) {
        awaitApplied(admin, NAMESPACES);
        // Nothing a user could act on: which HTTP client fabric8 "chose randomly", that a CRD's version is alpha.
        assertThat(a.log()).as("a's start, with no warning of fabric8's")
            .doesNotContain("httpclient factories", "unstable version");
        churn.start();
        awaitFollowing(admin, churn.latest()); // the leader follows the changes
        killedA = a.kill();
        LOG.info("SIGKILLed the leader a at {}", killedA);
        awaitLeader(admin, podB.podName());
        awaitFollowing(admin, churn.latest()); // b applies what changed while nobody led, and goes on

        try (OperatorProcess c = OperatorProcess.start("c", program, podC, Map.of(), List.of())) {
          awaitFollowing(admin, churn.latest());
          // A burst of new platforms, so that b is surely in the middle of reconciliations when it is stopped.
          for (String ns : BURST) {
            ClusterFixtures.namespace(admin, ns);
            ClusterFixtures.productionSecrets(admin, ns);
          }
          BURST.forEach(ns -> PlatformQueries.create(admin, ClusterFixtures.production(ns)));
          await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() ->
              KUBE.server().auditLog().events().stream().anyMatch(e -> BURST.contains(e.namespace())
                  && e.podName().filter(podB.podName()::equals).isPresent()));
          // The JVM ends with 143 (128 + SIGTERM) after its shutdown hook has run.
          assertThat(b.terminate(Duration.ofSeconds(60))).as("b stops on SIGTERM").isEqualTo(143);
          stoppedB = Instant.now();
          assertThat(b.log()).contains("stopping: finishing reconciliations in flight", "released the leader lease");
          LOG.info("b stopped gracefully at {}", stoppedB);
          awaitLeader(admin, podC.podName());
          awaitApplied(admin, BURST);
          awaitFollowing(admin, churn.latest());

          // Frozen: c keeps its connections and believes it leads; once its Lease expired d takes over. Woken up,
          // c must write nothing beside d and halt when it sees the Lease gone. Its own fence (LeaderWriteFence)
          // stops the writes it has not sent yet; a write already past that fence when it froze goes out when it
          // wakes up, and the API server refuses it (deploy/'s leader-writes policy: c no longer holds the Lease).
          try (OperatorProcess d = OperatorProcess.start("d", program, podD, Map.of(), List.of())) {
            awaitFollowing(admin, churn.latest());
            frozenC = c.freeze();
            LOG.info("SIGSTOPped the leader c at {}", frozenC);
            awaitLeader(admin, podD.podName());
            awaitFollowing(admin, churn.latest()); // d applies changes c's informers are buffering meanwhile
            thawedC = c.thaw();
            LOG.info("SIGCONTed c at {}", thawedC);
            assertThat(c.awaitExit(Duration.ofSeconds(60))).as("c halts once it sees it lost the Lease").hasValue(1);
            logOfC = c.log();
            churn.close();
            awaitApplied(admin, churn.latest());
            assertThat(d.isAlive()).isTrue();
          }
        }
      }
    }

    List<AuditLog.Event> writes = KUBE.server().auditLog().events().stream()
        .filter(e -> OperatorReplicas.USER.equals(e.actingUser()))
        .toList();
    Map<String, Term> terms = terms(writes);
    LOG.info("terms of leadership: {}", terms);
    Term a = terms.get(podA.podName());
    Term b = terms.get(podB.podName());
    Term c = terms.get(podC.podName());
    Term d = terms.get(podD.podName());
    assertThat(a.acquired()).as("a took the free Lease").isPresent();
    assertThat(b.acquired()).as("b took the Lease over").isPresent();
    assertThat(c.acquired()).as("c took the Lease over").isPresent();

    // A standby writes nothing at all before it holds the Lease; its leader term starts there.
    assertThat(b.firstWork()).as("b's first write").isAfter(b.acquired().get());
    assertThat(c.firstWork()).as("c's first write").isAfter(c.acquired().get());
    // One leader at a time: every write of a term comes before the first write of the next.
    assertThat(a.lastWorkReceived()).as("a's last write").isBefore(killedA.plus(IN_FLIGHT));
    assertThat(a.lastWork()).as("a's last write").isBefore(b.firstWork());
    assertThat(b.lastWork()).as("b's last write").isBefore(stoppedB).isBefore(c.firstWork());
    // Killed, the leader keeps the Lease: it changes hands only once it has expired (the last renewal + its duration,
    // less the time a renewal spends between the holder's clock and the API server), and soon after that.
    Duration sinceRenewal = Duration.between(a.lastLeaseWrite(), b.acquired().get());
    LOG.info("b took over {} ms after a's last renewal ({} ms after the kill)", sinceRenewal.toMillis(),
        Duration.between(killedA, b.acquired().get()).toMillis());
    assertThat(sinceRenewal).as("b took over from the killed a")
        .isGreaterThan(OperatorSettings.LEASE_DURATION.minusSeconds(2))
        .isLessThan(OperatorSettings.LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(3)).plus(SLACK));
    // Stopped, the leader finishes its reconciliations in flight and only then hands the Lease over (its last Lease
    // write, the release, comes after its last other write): the standby takes it at its next try, not when it expires.
    Duration sinceRelease = Duration.between(b.lastLeaseWrite(), c.acquired().get());
    LOG.info("c took over {} ms after b released the Lease", sinceRelease.toMillis());
    assertThat(b.lastLeaseWrite()).as("b's release").isAfter(b.lastWork());
    assertThat(sinceRelease).as("c took over from the stopped b").isPositive()
        .isLessThan(RETRY_PERIOD.multipliedBy(3).plus(SLACK));
    // Frozen, the leader keeps the Lease until it expires; woken up, it writes nothing after the new leader's first
    // write, however many changes its informers deliver to it, and halts.
    assertThat(d.acquired()).as("d took the Lease over").isPresent();
    assertThat(c.lastWorkReceived()).as("c's last write that landed").isBefore(frozenC.plus(IN_FLIGHT));
    assertThat(c.lastWork()).as("c's last write that landed").isBefore(d.firstWork());
    assertThat(writes).filteredOn(e -> e.podName().filter(podC.podName()::equals).isPresent() && isWork(e)
            && e.received().isAfter(frozenC.plus(IN_FLIGHT)))
        .as("c's writes that reached the API server after it was frozen: refused, as c no longer held the Lease")
        .allSatisfy(e -> assertThat(e.code()).as(e.toString()).isEqualTo(403));
    assertThat(d.firstWork()).as("d's first write").isAfter(d.acquired().get());
    assertThat(logOfC).contains("lost the leader lease");
    LOG.info("d took over {} ms after c was frozen; c halted after it was woken up",
        Duration.between(frozenC, d.acquired().get()).toMillis());
    Lease lease = admin.leases().inNamespace(OperatorReplicas.NAMESPACE).withName(OperatorSettings.LEASE_NAME).get();
    assertThat(lease.getSpec().getLeaseTransitions()).as("a, then b, then c, then d").isEqualTo(3);
    // And the reconciliations in flight when b stopped finished as usual instead of failing half-way.
    assertThat(admin.v1().events().inAnyNamespace().list().getItems())
        .extracting(e -> e.getMetadata().getNamespace() + " " + e.getReason() + ": " + e.getMessage())
        .noneMatch(event -> event.contains(" " + Reason.APPLY_FAILED + ":"))
        // Nor did a platform created right after its Secrets report them missing because their watch lagged.
        .noneMatch(event -> event.contains(" " + Reason.SECRET_NOT_FOUND + ":"));
  }

  /**
   * One replica's writes: its Lease writes, when it took the Lease, when it first tried to write anything else, and
   * the span of the other writes that landed (a write the API server refused changed nothing).
   */
  record Term(String pod, Optional<Instant> acquired, Instant lastLeaseWrite, Instant firstWork, Instant lastWork,
      Instant lastWorkReceived, int works) {}

  /**
   * Anything but the Lease: java-operator-sdk also asks whether it may use Leases before electing (a
   * SelfSubjectRulesReview "create"), a question, not a write.
   */
  private static boolean isWork(AuditLog.Event e) {
    return !"leases".equals(e.resource()) && !"selfsubjectrulesreviews".equals(e.resource());
  }

  private static Map<String, Term> terms(List<AuditLog.Event> writes) {
    Map<String, List<AuditLog.Event>> byPod = writes.stream()
        .collect(Collectors.groupingBy(e -> e.podName().orElse("?"), LinkedHashMap::new, Collectors.toList()));
    Map<String, Term> terms = new HashMap<>();
    byPod.forEach((pod, events) -> {
      List<AuditLog.Event> leaseWrites = events.stream()
          .filter(e -> "leases".equals(e.resource()) && e.succeeded()).toList();
      List<AuditLog.Event> work = events.stream().filter(LeaderHandOverKubeApiServerIT::isWork).toList();
      List<AuditLog.Event> landed = work.stream().filter(AuditLog.Event::succeeded).toList();
      Optional<Instant> acquired = leaseWrites.stream().findFirst().map(AuditLog.Event::completed);
      terms.put(pod, new Term(pod, acquired,
          leaseWrites.isEmpty() ? Instant.EPOCH : leaseWrites.get(leaseWrites.size() - 1).received(),
          work.isEmpty() ? Instant.MAX : work.get(0).received(),
          landed.isEmpty() ? Instant.EPOCH : landed.get(landed.size() - 1).completed(),
          landed.isEmpty() ? Instant.EPOCH : landed.get(landed.size() - 1).received(),
          landed.size()));
    });
    return terms;
  }

  private static void awaitLeader(KubernetesClient admin, String pod) {
    await().atMost(OperatorSettings.LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(3)).plus(SLACK).plusSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> {
          Lease lease = admin.leases().inNamespace(OperatorReplicas.NAMESPACE).withName(OperatorSettings.LEASE_NAME)
              .get();
          return lease != null && pod.equals(lease.getSpec().getHolderIdentity());
        });
  }

  /** Every platform's children carry its latest spec and its status says so (observedGeneration, applied). */
  private static void awaitApplied(KubernetesClient admin, Map<String, String> steps) {
    awaitApplied(admin, NAMESPACES, steps);
  }

  private static void awaitApplied(KubernetesClient admin, List<String> namespaces) {
    awaitApplied(admin, namespaces, Map.of());
  }

  private static void awaitApplied(KubernetesClient admin, List<String> namespaces, Map<String, String> steps) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      for (String ns : namespaces) {
        TodoPlatform platform = PlatformQueries.platform(admin, ns);
        assertThat(platform.getStatus()).as(ns).isNotNull();
        assertThat(platform.getStatus().getObservedGeneration()).as(ns)
            .isEqualTo(platform.getMetadata().getGeneration());
        Condition applied = platform.getStatus().condition("ComponentsReady");
        assertThat(applied).as(ns).isNotNull();
        assertThat(applied.getStatus()).as(ns + " " + applied).isEqualTo("True");
        if (steps.containsKey(ns)) {
          assertThat(PlatformQueries.deployment(admin, ns).getSpec().getTemplate().getMetadata().getAnnotations())
              .as(ns).containsEntry(STEP_ANNOTATION, steps.get(ns));
        }
      }
    });
  }

  /** While the specs keep changing: each platform's Deployment carries at least the given step. */
  private static void awaitFollowing(KubernetesClient admin, Map<String, String> steps) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      for (Map.Entry<String, String> step : steps.entrySet()) {
        String applied = PlatformQueries.deployment(admin, step.getKey()).getSpec().getTemplate().getMetadata()
            .getAnnotations().getOrDefault(STEP_ANNOTATION, "0");
        assertThat(Integer.parseInt(applied)).as(step.getKey()).isGreaterThanOrEqualTo(
            Integer.parseInt(step.getValue()));
      }
    });
  }

  /** A user at work: one spec change after another, round the platforms, until closed. */
  private static final class SpecChurn implements AutoCloseable {
    private final KubernetesClient admin;
    private final Map<String, String> latest = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    SpecChurn(KubernetesClient admin) {
      this.admin = admin;
    }

    void start() {
      running.set(true);
      thread = new Thread(() -> {
        for (int step = 1; running.get(); step++) {
          String ns = NAMESPACES.get(step % NAMESPACES.size());
          String value = String.valueOf(step);
          PlatformQueries.edit(admin, ns, p -> {
            var pod = p.getSpec().getBackend().getPod();
            Map<String, String> annotations = new HashMap<>(
                pod.getAnnotations() == null ? Map.of() : pod.getAnnotations());
            annotations.put(STEP_ANNOTATION, value);
            pod.setAnnotations(annotations);
          });
          latest.put(ns, value);
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "spec-churn");
      thread.start();
      await().atMost(Duration.ofMinutes(1)).until(() -> latest.size() == NAMESPACES.size());
    }

    /** The last value written to each platform so far. */
    Map<String, String> latest() {
      return Map.copyOf(latest);
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      if (thread != null) {
        thread.join();
      }
    }
  }
}
