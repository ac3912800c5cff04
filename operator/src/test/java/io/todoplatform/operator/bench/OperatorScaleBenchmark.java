package io.todoplatform.operator.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.ManifestWriter;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.OperatorProcess;
import io.todoplatform.operator.support.OperatorReplicas;
import io.todoplatform.operator.support.ProjectPaths;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.AuditLog;
import io.todoplatform.testkit.kube.KubeApiServer;
import io.todoplatform.testkit.kube.KubeBinaries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The operator at scale, on a real kube-apiserver (testkit), one TodoPlatform (the production sample, with the
 * Secrets it references) per namespace, Dapr's CRDs installed, against a floor measured in the same run: `kubectl
 * apply --server-side` of the same rendered objects (what `render` prints for every platform) on a fresh API server
 * of the same kind. The operator is the shipped jar, run as its own process with the image's JVM flags and the pod's
 * JVM ergonomics ({@link OperatorProcess}), leader election on, acting as its ServiceAccount (the shipped RBAC) with a
 * token bound to its Pod; every write it makes is counted from the API server's audit log under that user.
 *
 * <p>No kubelet runs: Deployments never become available and nothing marks them so; a platform has converged when
 * its children are applied and its status says so for its generation (ComponentsReady=True, Ready=False/Progressing).
 *
 * <p>For each N: the floor; the operator converging N platforms from its start (JVM, informers, N reconciliations);
 * 30 s idle afterwards (no write expected: no hot loop); heap after GC and RSS; spec-change latency while idle; then
 * a rolling restart (a second replica takes the released Lease and resyncs all N) during which spec changes are made
 * at a steady rate: their latency to the applied Deployment, and the restart's writes in the other namespaces
 * (expected 0). Run by hack/bench-operator.sh; figures in docs/benchmarks.md.
 */
public final class OperatorScaleBenchmark {
  private static final String CHANGE_ANNOTATION = "bench.example.com/change";
  private static final int CLIENT_THREADS = 8;
  /** Room for 65,534 Services. */
  private static final String SERVICE_RANGE = "10.96.0.0/16";
  private static final Duration IDLE_WINDOW = Duration.ofSeconds(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * @param memoryLimit the pod's memory limit as the JVM sees it (-XX:MaxRAM), when not deploy/'s
   * @param extraJvmFlags added after the image's own (to try one before it goes into the Dockerfile)
   * @param operatorEnvironment added to the operator's (to try a setting, say RECONCILE_THREADS)
   */
  record Settings(List<Integer> sizes, int unrelatedSecrets, int changes, double changesPerSecond, Path kubectl,
      Path jar, boolean floor, Optional<String> memoryLimit, List<String> extraJvmFlags,
      Map<String, String> operatorEnvironment) {}

  private OperatorScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>();
    int unrelated = 10_000;
    int changes = 200;
    double rate = 20;
    Path kubectl = null;
    Path jar = ProjectPaths.repoRoot().resolve("operator/target/todo-operator.jar");
    boolean floor = true;
    Optional<String> memoryLimit = Optional.empty();
    List<String> extraJvmFlags = new ArrayList<>();
    Map<String, String> operatorEnvironment = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--sizes") && i + 1 < args.length) {
        arg = "--sizes=" + args[++i];
      }
      if (arg.startsWith("--sizes=")) {
        for (String size : arg.substring(arg.indexOf('=') + 1).split(",")) {
          sizes.add(Integer.parseInt(size.strip().replace("_", "")));
        }
      } else if (arg.startsWith("--unrelated-secrets=")) {
        unrelated = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("--changes=")) {
        changes = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("--changes-per-second=")) {
        rate = Double.parseDouble(arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("--jar=")) {
        jar = Path.of(arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("--kubectl=")) {
        kubectl = Path.of(arg.substring(arg.indexOf('=') + 1));
      } else if (arg.startsWith("--memory-limit=")) {
        memoryLimit = Optional.of(jvmSize(arg.substring(arg.indexOf('=') + 1)));
      } else if (arg.startsWith("--env=") && arg.indexOf('=', 6) > 6) {
        operatorEnvironment.put(arg.substring(6, arg.indexOf('=', 6)), arg.substring(arg.indexOf('=', 6) + 1));
      } else if (arg.startsWith("--jvm-flag=")) {
        extraJvmFlags.add(arg.substring(arg.indexOf('=') + 1));
      } else if (arg.equals("--no-floor")) {
        floor = false;
      } else {
        throw new IllegalArgumentException("unknown argument " + arg + " (see hack/bench-operator.sh --help)");
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of(100, 1000);
    }
    if (kubectl == null) {
      throw new IllegalArgumentException("--kubectl=PATH is required (hack/build-tools.sh --print-bin kubectl)");
    }
    Settings settings = new Settings(sizes, unrelated, changes, rate, kubectl, jar, floor, memoryLimit,
        extraJvmFlags, operatorEnvironment);
    System.out.println("operator memory limit: " + memoryLimit.orElse(OperatorProcess.deploymentMemoryLimit())
        + (memoryLimit.isPresent() ? " (--memory-limit)" : " (deploy/'s)"));
    List<Result> results = new ArrayList<>();
    for (int n : settings.sizes()) {
      Result result = new Result(n);
      if (settings.floor()) {
        floor(settings, result);
      }
      operator(settings, result);
      results.add(result);
      System.out.println(result.report());
    }
    System.out.println();
    System.out.println(Result.table(results));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The floor: kubectl apply --server-side of what `render` prints for every platform.

  private static void floor(Settings settings, Result result) throws Exception {
    try (KubeApiServer server = server("floor-" + result.n)) {
      KubernetesClient admin = server.client();
      EstablishedCrds.installDaprCrds(admin);
      List<String> namespaces = namespaces(result.n);
      parallel(namespaces, ns -> ClusterFixtures.namespace(admin, ns));
      Path manifests = Environment.outputDir().resolve("bench-floor-" + result.n + ".yaml");
      int objects = 0;
      try (BufferedWriter out = Files.newBufferedWriter(manifests, StandardCharsets.UTF_8)) {
        for (String ns : namespaces) {
          List<HasMetadata> rendered = TodoPlatformRenderer.render(ClusterFixtures.production(ns),
              RenderOptions.kubernetes()).inApplyOrder();
          objects += rendered.size();
          out.write(ManifestWriter.toYaml(rendered));
        }
      }
      result.floorObjects = objects;
      String loadBefore = loadAverage();
      Path log = Environment.outputDir().resolve("bench-floor-" + result.n + "-kubectl.log");
      long started = System.nanoTime();
      Process kubectl = new ProcessBuilder(settings.kubectl().toString(), "--kubeconfig",
          server.kubeconfigFile().toString(), "apply", "--server-side", "--field-manager=kubectl-floor", "-f",
          manifests.toString())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      int exit = kubectl.waitFor();
      result.floor = Duration.ofNanos(System.nanoTime() - started);
      result.floorLoad = loadBefore + " -> " + loadAverage();
      if (exit != 0) {
        throw new IllegalStateException("kubectl apply failed (" + exit + "), see " + log);
      }
      System.out.printf(Locale.ROOT, "N=%d floor: kubectl apply --server-side of %d objects in %.1f s (load %s)%n",
          result.n, objects, seconds(result.floor), result.floorLoad);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The operator.

  private static void operator(Settings settings, Result result) throws Exception {
    try (KubeApiServer server = server("operator-" + result.n)) {
      KubernetesClient admin = server.client();
      OperatorReplicas.installClusterWide(admin);
      EstablishedCrds.installDaprCrds(admin);
      List<String> namespaces = namespaces(result.n);
      long setup = System.nanoTime();
      parallel(namespaces, ns -> {
        ClusterFixtures.namespace(admin, ns);
        ClusterFixtures.productionSecrets(admin, ns);
      });
      createUnrelatedSecrets(admin, namespaces, settings.unrelatedSecrets());
      parallel(namespaces, ns -> admin.resources(TodoPlatform.class).inNamespace(ns)
          .resource(ClusterFixtures.production(ns)).create());
      System.out.printf(Locale.ROOT, "N=%d: %d namespaces, %d referenced and %d unrelated Secrets, %d TodoPlatforms"
              + " created in %.0f s%n", result.n, result.n, 3 * result.n, settings.unrelatedSecrets(), result.n,
          seconds(Duration.ofNanos(System.nanoTime() - setup)));

      Path credentials = Environment.outputDir().resolve("bench-operator-" + result.n);
      AuditTail operatorWrites = new AuditTail(server.auditLog().file(),
          e -> OperatorReplicas.USER.equals(e.actingUser()));
      AuditTail userChanges = new AuditTail(server.auditLog().file(),
          e -> "todoplatforms".equals(e.resource()) && e.subresource() == null && "patch".equals(e.verb())
              && !OperatorReplicas.USER.equals(e.actingUser()));
      OperatorProcess.Program jar = OperatorProcess.Program.jar(settings.jar());

      var first = OperatorReplicas.replica(admin, server, "todo-platform-operator-1", credentials);
      result.convergeLoad = loadAverage();
      OperatorProcess operator = OperatorProcess.start("bench-" + result.n + "-1", jar, first,
          settings.operatorEnvironment(),
          jvmFlags(settings, "bench-" + result.n + "-1"));
      try {
        converge(admin, operator, operatorWrites, result);
        result.convergeLoad += " -> " + loadAverage();
        idle(operator, operatorWrites, result);
        result.heapAfterGc = heapAfterGc(operator);
        Files.writeString(Environment.outputDir().resolve("bench-heap-" + result.n + ".txt"),
            jcmd(operator.pid(), "GC.class_histogram").lines().limit(45).collect(Collectors.joining("\n")));
        result.rss = operator.residentKib().orElse(-1) / 1024.0;
        result.idleLatency = changeLatencies(admin, operator, operatorWrites, userChanges,
            pick(namespaces, Math.min(20, result.n), new HashSet<>()), 1, "idle");

        var second = OperatorReplicas.replica(admin, server, "todo-platform-operator-2", credentials);
        OperatorProcess standby = OperatorProcess.start("bench-" + result.n + "-2", jar, second,
            settings.operatorEnvironment(),
            jvmFlags(settings, "bench-" + result.n + "-2"));
        try {
          restart(admin, settings, operator, standby, operatorWrites, userChanges, namespaces, result);
          result.restartHeapAfterGc = heapAfterGc(standby);
          result.restartRss = standby.residentKib().orElse(-1) / 1024.0;
        } finally {
          standby.close();
        }
      } finally {
        operator.close();
      }
    }
  }

  /** Waits until every platform's status says its generation is applied; records when and what it cost. */
  private static void converge(KubernetesClient admin, OperatorProcess operator, AuditTail writes, Result result)
      throws InterruptedException {
    double cpuBefore = 0;
    while (true) {
      Thread.sleep(2000);
      if (!operator.isAlive()) {
        throw new IllegalStateException("the operator exited:\n" + operator.tail(60));
      }
      List<AuditLog.Event> events = writes.poll();
      long statusWritten = events.stream().filter(e -> "todoplatforms".equals(e.resource())
              && "status".equals(e.subresource()) && e.succeeded())
          .map(AuditLog.Event::namespace).distinct().count();
      if (statusWritten >= result.n && converged(admin) >= result.n) {
        break;
      }
    }
    List<AuditLog.Event> work = work(writes.poll());
    result.convergeCpu = cpuSeconds(operator.pid()) - cpuBefore;
    result.firstWrite = Duration.between(operator.started(), work.get(0).received());
    result.converge = Duration.between(operator.started(), work.get(work.size() - 1).completed());
    result.writes = work.size();
    result.writesByKind = work.stream().collect(Collectors.groupingBy(e -> e.verb() + " " + e.kind(), TreeMap::new,
        Collectors.counting()));
    Map<String, Long> perPlatform = work.stream().collect(Collectors.groupingBy(AuditLog.Event::namespace,
        Collectors.counting()));
    result.writesPerPlatformMin = Collections.min(perPlatform.values());
    result.writesPerPlatformMax = Collections.max(perPlatform.values());
    result.failedWrites = work.stream().filter(e -> !e.succeeded()).count();
    result.reconciles = operator.metric("operator_sdk_reconciliations_started_total");
    System.out.printf(Locale.ROOT, "N=%d converged %.1f s after the operator started (first write at %.1f s), %d"
            + " writes, %.0f reconciliations%n", result.n, seconds(result.converge), seconds(result.firstWrite),
        result.writes, result.reconciles);
  }

  /** Platforms whose status has their generation applied (read in pages). */
  private static int converged(KubernetesClient admin) {
    int converged = 0;
    String next = null;
    do {
      var page = admin.resources(TodoPlatform.class).inAnyNamespace().list(new ListOptionsBuilder().withLimit(500L).withContinue(next).build());
      for (TodoPlatform platform : page.getItems()) {
        if (platform.getStatus() != null
            && platform.getMetadata().getGeneration().equals(platform.getStatus().getObservedGeneration())) {
          Condition applied = platform.getStatus().condition("ComponentsReady");
          if (applied != null && "True".equals(applied.getStatus())) {
            converged++;
          }
        }
      }
      next = page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
    return converged;
  }

  /** After convergence nothing changes: the operator must write nothing (no hot loop, no periodic rewrite). */
  private static void idle(OperatorProcess operator, AuditTail writes, Result result) throws InterruptedException {
    int before = work(writes.poll()).size();
    double reconcilesBefore = operator.metric("operator_sdk_reconciliations_started_total");
    Thread.sleep(IDLE_WINDOW.toMillis());
    result.idleWrites = work(writes.poll()).size() - before;
    result.idleReconciles = operator.metric("operator_sdk_reconciliations_started_total") - reconcilesBefore;
  }

  /**
   * A rolling restart: the standby (informers synced) takes the Lease the stopped leader releases and reconciles all N
   * platforms, while spec changes arrive at a steady rate.
   */
  private static void restart(KubernetesClient admin, Settings settings, OperatorProcess leader,
      OperatorProcess standby, AuditTail writes, AuditTail userChanges, List<String> namespaces, Result result)
      throws Exception {
    int changes = Math.min(settings.changes(), result.n);
    Set<String> changed = new HashSet<>();
    List<String> targets = pick(namespaces, changes, changed);
    Instant stopped = Instant.now();
    result.restartLoad = loadAverage();
    leader.terminate(Duration.ofSeconds(60));
    double cpuBefore = cpuSeconds(standby.pid());
    result.restartLatency = changeLatencies(admin, standby, writes, userChanges, targets,
        settings.changesPerSecond(), "restart");
    // The resync is over once the new leader has reconciled every platform at least once.
    long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
    while (standby.metric("operator_sdk_reconciliations_started_total") < result.n && System.nanoTime() < deadline) {
      Thread.sleep(1000);
    }
    Thread.sleep(IDLE_WINDOW.toMillis());
    result.restartLoad += " -> " + loadAverage();
    result.restartCpu = cpuSeconds(standby.pid()) - cpuBefore;
    List<AuditLog.Event> restartWrites = work(writes.poll()).stream()
        .filter(e -> e.podName().filter("todo-platform-operator-2"::equals).isPresent())
        .filter(e -> !e.received().isBefore(stopped))
        .toList();
    result.restartWrites = restartWrites.stream().filter(e -> !changed.contains(e.namespace())).count();
    result.restartWritesChanged = restartWrites.stream().filter(e -> changed.contains(e.namespace()))
        .collect(Collectors.groupingBy(e -> e.verb() + " " + e.kind(), TreeMap::new, Collectors.counting()));
    result.restartReconciles = standby.metric("operator_sdk_reconciliations_started_total");
    System.out.printf(Locale.ROOT, "N=%d restart: %d writes outside the %d changed platforms, %.0f reconciliations%n",
        result.n, result.restartWrites, changes, result.restartReconciles);
  }

  /**
   * Changes the spec of each target platform (a pod annotation, so the Deployment must be applied again), at the given
   * rate, and measures from the API server's audit log the time from the change's arrival at the API server to the
   * completion of the operator's write of the Deployment that carries it. From its arrival, not its completion: the
   * change is in etcd (and the operator's watch) before the API server has finished answering it, so at 10,000
   * platforms a quick operator's write completed 43 ms before the change's own request did, and the benchmark waited
   * for a write it had already passed over.
   */
  private static Latencies changeLatencies(KubernetesClient admin, OperatorProcess operator, AuditTail writes,
      AuditTail userChanges, List<String> targets, double perSecond, String label) throws Exception {
    long interval = (long) (1_000_000_000L / perSecond);
    long next = System.nanoTime();
    String value = label + "-" + System.nanoTime();
    for (String ns : targets) {
      long wait = next - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      next += interval;
      admin.resources(TodoPlatform.class).inNamespace(ns).withName("todo")
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"backend\":{\"pod\":{\"annotations\":{\""
              + CHANGE_ANNOTATION + "\":\"" + value + "\"}}}}}");
    }
    Set<String> pending = new HashSet<>(targets);
    Map<String, Instant> changedAt = new HashMap<>();
    Map<String, Instant> appliedAt = new HashMap<>();
    long deadline = System.nanoTime() + Duration.ofHours(2).toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      if (!operator.isAlive()) {
        throw new IllegalStateException("the operator exited:\n" + operator.tail(60));
      }
      for (AuditLog.Event change : userChanges.poll()) {
        if (pending.contains(change.namespace())) {
          changedAt.putIfAbsent(change.namespace(), change.received());
        }
      }
      for (AuditLog.Event write : writes.poll()) {
        Instant change = changedAt.get(write.namespace());
        if (change != null && pending.contains(write.namespace()) && "deployments".equals(write.resource())
            && write.succeeded() && write.received().isAfter(change)) {
          appliedAt.put(write.namespace(), write.completed());
          pending.remove(write.namespace());
        }
      }
    }
    if (!pending.isEmpty()) {
      throw new IllegalStateException(pending.size() + " spec changes were never applied: " + pending);
    }
    List<Double> millis = targets.stream()
        .map(ns -> (double) Duration.between(changedAt.get(ns), appliedAt.get(ns)).toMillis()).sorted().toList();
    return new Latencies(millis);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers.

  private static KubeApiServer server(String name) {
    return new KubeApiServer(KubeBinaries.require(),
        Environment.outputDir().resolve("kube-apiserver").resolve("operator-scale-benchmark-" + name),
        KubeApiServer.DEFAULT_CONTROLLERS, AuditLog.Level.WRITES,
        // The testkit's /24 holds 254 Services; one per platform needs more (a later flag wins).
        List.of("--service-cluster-ip-range=" + SERVICE_RANGE), List.of()).start();
  }

  /**
   * The collector's own log per replica (pauses, heap before and after each collection: it does not change what is
   * measured), and a larger pod memory limit if asked (it comes after deploy/'s, so it wins).
   */
  private static List<String> jvmFlags(Settings settings, String name) {
    List<String> flags = new ArrayList<>();
    flags.add("-Xlog:gc:file=" + Environment.outputDir().resolve("gc-" + name + ".log") + ":uptime");
    settings.memoryLimit().ifPresent(limit -> flags.add("-XX:MaxRAM=" + limit));
    flags.addAll(settings.extraJvmFlags());
    return flags;
  }

  /** A Kubernetes memory quantity in Mi or Gi as a JVM size (3Gi: 3072m). */
  static String jvmSize(String quantity) {
    Matcher matcher = Pattern.compile("(\\d+)(Mi|Gi)").matcher(quantity);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("--memory-limit takes Mi or Gi, like 768Mi or 3Gi: " + quantity);
    }
    long mebibytes = Long.parseLong(matcher.group(1)) * (matcher.group(2).equals("Gi") ? 1024 : 1);
    return mebibytes + "m";
  }

  private static List<String> namespaces(int n) {
    int digits = String.valueOf(n).length();
    return IntStream.rangeClosed(1, n).mapToObj(i -> String.format(Locale.ROOT, "todo-%0" + digits + "d", i))
        .toList();
  }

  /** Writes of the operator's own work: not its Lease, not java-operator-sdk's access review. */
  private static List<AuditLog.Event> work(List<AuditLog.Event> events) {
    return events.stream()
        .filter(e -> !"leases".equals(e.resource()) && !"selfsubjectrulesreviews".equals(e.resource()))
        .toList();
  }

  private static List<String> pick(List<String> namespaces, int count, Set<String> picked) {
    List<String> shuffled = new ArrayList<>(namespaces);
    Collections.shuffle(shuffled, new Random(count));
    List<String> chosen = shuffled.stream().filter(ns -> !picked.contains(ns)).limit(count).toList();
    picked.addAll(chosen);
    return chosen;
  }

  private static void createUnrelatedSecrets(KubernetesClient admin, List<String> namespaces, int count)
      throws Exception {
    byte[] value = new byte[1024];
    RANDOM.nextBytes(value);
    String data = Base64.getEncoder().encodeToString(value);
    List<Integer> indexes = IntStream.range(0, count).boxed().toList();
    parallel(indexes, i -> admin.secrets().inNamespace(namespaces.get(i % namespaces.size()))
        .resource(new SecretBuilder().withNewMetadata().withName("unrelated-" + i).endMetadata()
            .addToData("value", data).build())
        .create());
  }

  private static <T> void parallel(List<T> items, Consumer<T> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> action.accept(item)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Used heap after two full collections, MiB, from jcmd (the JVM's own account, no agent in the process). */
  private static double heapAfterGc(OperatorProcess operator) throws Exception {
    jcmd(operator.pid(), "GC.run");
    jcmd(operator.pid(), "GC.run");
    double usedKib = 0;
    for (String line : jcmd(operator.pid(), "GC.heap_info").split("\n")) {
      String trimmed = line.strip();
      if ((trimmed.startsWith("def new generation") || trimmed.startsWith("tenured generation")
          || trimmed.startsWith("garbage-first heap")) && trimmed.contains(" used ")) {
        String used = trimmed.substring(trimmed.indexOf(" used ") + 6);
        usedKib += Double.parseDouble(used.substring(0, used.indexOf('K')));
      }
    }
    return usedKib / 1024.0;
  }

  private static String jcmd(long pid, String command) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command).redirectErrorStream(true)
        .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  /** CPU seconds (user + system) a process has used, from /proc/PID/stat (clock ticks of 1/100 s). */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException | RuntimeException gone) {
      return Double.NaN;
    }
  }

  private static String loadAverage() {
    try {
      String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return load[0] + "/" + load[1];
    } catch (IOException e) {
      return "?";
    }
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  record Latencies(List<Double> millis) {
    double percentile(double p) {
      if (millis.isEmpty()) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p / 100.0 * millis.size()) - 1;
      return millis.get(Math.max(0, Math.min(millis.size() - 1, index)));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "n=%d p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms", millis.size(),
          percentile(50), percentile(90), percentile(99), percentile(100));
    }
  }

  static final class Result {
    final int n;
    Duration floor;
    int floorObjects;
    String floorLoad = "";
    Duration firstWrite;
    Duration converge;
    String convergeLoad = "";
    double convergeCpu;
    long writes;
    Map<String, Long> writesByKind = Map.of();
    long writesPerPlatformMin;
    long writesPerPlatformMax;
    long failedWrites;
    double reconciles;
    long idleWrites;
    double idleReconciles;
    double heapAfterGc;
    double rss;
    Latencies idleLatency;
    Latencies restartLatency;
    String restartLoad = "";
    double restartCpu;
    long restartWrites;
    Map<String, Long> restartWritesChanged = Map.of();
    double restartReconciles;
    double restartHeapAfterGc;
    double restartRss;

    Result(int n) {
      this.n = n;
    }

    String report() {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "%n=== N = %d%n", n));
      if (floor != null) {
        out.append(String.format(Locale.ROOT, "floor: kubectl apply --server-side, %d objects: %.1f s (load %s)%n",
            floorObjects, seconds(floor), floorLoad));
      }
      out.append(String.format(Locale.ROOT, "operator: converged %.1f s after start%s; first write at %.1f s;"
              + " %.0f CPU s (load %s)%n", seconds(converge),
          floor == null ? "" : String.format(Locale.ROOT, " (%.2fx the floor)", ratio()), seconds(firstWrite),
          convergeCpu, convergeLoad));
      out.append(String.format(Locale.ROOT, "writes: %d (%.2f per platform, min %d, max %d), %d failed: %s%n",
          writes, writes / (double) n, writesPerPlatformMin, writesPerPlatformMax, failedWrites, writesByKind));
      out.append(String.format(Locale.ROOT, "reconciliations: %.0f to converge; %.0f and %d writes in the %d s after%n",
          reconciles, idleReconciles, idleWrites, IDLE_WINDOW.toSeconds()));
      out.append(String.format(Locale.ROOT, "memory: heap after GC %.1f MiB, RSS %.0f MiB (after the restart: %.1f MiB,"
          + " %.0f MiB)%n", heapAfterGc, rss, restartHeapAfterGc, restartRss));
      out.append(String.format(Locale.ROOT, "spec change -> Deployment applied, idle: %s%n", idleLatency));
      out.append(String.format(Locale.ROOT, "spec change -> Deployment applied, during the restart resync of all %d:"
          + " %s (load %s, %.0f CPU s)%n", n, restartLatency, restartLoad, restartCpu));
      out.append(String.format(Locale.ROOT, "restart: %d writes outside the changed platforms; in them: %s;"
          + " %.0f reconciliations%n", restartWrites, restartWritesChanged, restartReconciles));
      return out.toString();
    }

    double ratio() {
      return converge.toMillis() / (double) floor.toMillis();
    }

    static String table(List<Result> results) {
      StringBuilder out = new StringBuilder();
      out.append("| N | kubectl floor | operator converged | vs floor | writes/platform | idle writes | heap after GC"
          + " | RSS | change p99 idle | change p99 in restart resync | restart writes |\n");
      out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
      for (Result r : results) {
        out.append(String.format(Locale.ROOT,
            "| %d | %s | %.1f s | %s | %.2f | %d | %.1f MiB | %.0f MiB | %.0f ms | %.0f ms | %d |%n", r.n,
            r.floor == null ? "-" : String.format(Locale.ROOT, "%.1f s", seconds(r.floor)), seconds(r.converge),
            r.floor == null ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio()), r.writes / (double) r.n,
            r.idleWrites, r.heapAfterGc, r.rss, r.idleLatency.percentile(99), r.restartLatency.percentile(99),
            r.restartWrites));
      }
      return out.toString();
    }
  }
}
