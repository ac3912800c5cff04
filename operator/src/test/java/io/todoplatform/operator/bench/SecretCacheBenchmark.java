package io.todoplatform.operator.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.todoplatform.operator.secrets.ReferencedSecretStore;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.kube.KubeApiServer;
import io.todoplatform.testkit.kube.KubeBinaries;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What the operator's Secret cache costs in heap with many Secrets in the cluster that no TodoPlatform references,
 * against the floor of the same run: a plain fabric8 informer on Secrets (what the operator held before issue 14,
 * every Secret with its values, labels and annotations). A real kube-apiserver serves N Secrets of about 2.5 KiB
 * (a 1 KiB value and kubectl's last-applied annotation holding it again), spread over 10 namespaces; 3 of them are
 * referenced. Heap is measured after GC, in one JVM, one informer at a time. Run by hack/bench-secrets.sh.
 */
public final class SecretCacheBenchmark {
  private static final int NAMESPACES = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SecretCacheBenchmark() {}

  public static void main(String[] args) throws Exception {
    int secrets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    try (KubeApiServer server = new KubeApiServer(KubeBinaries.require(),
        Environment.outputDir().resolve("kube-apiserver").resolve("secret-cache-benchmark"),
        KubeApiServer.DEFAULT_CONTROLLERS).start()) {
      KubernetesClient client = server.client();
      long created = createSecrets(client, secrets);
      Set<String> referenced = Set.of("ns-0/kafka-secrets", "ns-0/neon-db", "ns-0/todo-app-token");

      long floor = heapAfterGc();
      long plain = measure(client, null);
      long reduced = measure(client, new ReferencedSecretStore(referenced::contains,
          key -> client.secrets().inNamespace(key.substring(0, key.indexOf('/')))
              .withName(key.substring(key.indexOf('/') + 1)).get()));
      System.out.println();
      System.out.printf(Locale.ROOT, "%d Secrets (%d created for the run, %d referenced), heap after GC above the"
          + " %.1f MiB before any informer:%n", secrets, created, referenced.size(), floor / 1048576.0);
      System.out.printf(Locale.ROOT, "  %-62s %8.2f MiB  %7.0f B/Secret  1x%n",
          "floor: plain informer (every Secret, values included)", plain / 1048576.0, plain / (double) secrets);
      System.out.printf(Locale.ROOT, "  %-62s %8.2f MiB  %7.0f B/Secret  %.3fx%n",
          "ReferencedSecretStore (key names of referenced ones only)", reduced / 1048576.0,
          reduced / (double) secrets, reduced / (double) plain);
    }
  }

  /** Heap an informer on every Secret keeps, synced, above what the JVM held before it started. */
  private static long measure(KubernetesClient client, ReferencedSecretStore store) throws Exception {
    long before = heapAfterGc();
    SharedIndexInformer<Secret> informer = client.secrets().inAnyNamespace().runnableInformer(0);
    if (store != null) {
      informer.itemStore(store);
    }
    informer.start().toCompletableFuture().get(5, TimeUnit.MINUTES);
    long held = heapAfterGc() - before;
    informer.close();
    return held;
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long createSecrets(KubernetesClient client, int count) throws Exception {
    for (int n = 0; n < NAMESPACES; n++) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("ns-" + n).endMetadata()
          .build()).serverSideApply();
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        // The first three are the referenced ones, in ns-0; the rest nobody references.
        String namespace = i < 3 ? "ns-0" : "ns-" + (i % NAMESPACES);
        String name = i < 3 ? List.of("kafka-secrets", "neon-db", "todo-app-token").get(i) : "unrelated-" + i;
        writes.add(pool.submit(() -> client.secrets().inNamespace(namespace).resource(secret(namespace, name))
            .create()));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      return writes.size();
    } finally {
      pool.shutdown();
    }
  }

  private static Secret secret(String namespace, String name) {
    byte[] value = new byte[768];
    RANDOM.nextBytes(value);
    String encoded = Base64.getEncoder().encodeToString(value);
    String lastApplied = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name
        + "\",\"namespace\":\"" + namespace + "\"},\"data\":{\"password\":\"" + encoded + "\"}}";
    return new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace)
        .withAnnotations(Map.of("kubectl.kubernetes.io/last-applied-configuration", lastApplied))
        .withLabels(Map.of("app.kubernetes.io/part-of", "something-else"))
        .endMetadata()
        .withData(Map.of("password", encoded, "username", Base64.getEncoder().encodeToString(name.getBytes())))
        .build();
  }
}
