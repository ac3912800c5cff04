package io.todoplatform.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Counter;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.PodSpecOverrides;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.runtime.OperatorRuntime;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.RunningOperator;
import io.todoplatform.operator.support.Samples;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * TodoPlatforms at the API server's limits, given to the real operator on a real kube-apiserver: thousands of scopes,
 * the longest env list the CRD takes (1,000 variables, ~700 KiB), about 1 MiB of pod annotations (the request limit is 1.5 MiB), names at their 63 and 253
 * character limits, unicode. For each the operator either applies children the API server accepts or reports why
 * not on the Ready condition with the field's path, and it never hot-loops: the reconciliations it counts itself
 * (java-operator-sdk's operator.sdk.reconciliations.started) stay bounded over a quiet window.
 */
class HostileInputKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static final String NAME = "todo";
  private static final Duration SETTLE = Duration.ofSeconds(120);
  /** Long enough for several of the operator's retries (2 s, doubling) if it retried. */
  private static final Duration QUIET_WINDOW = Duration.ofSeconds(40);

  static KubernetesClient client;
  static OperatorRuntime operator;

  @BeforeAll
  static void startOperator() {
    client = KUBE.client();
    EstablishedCrds.installTodoPlatformCrd(client);
    EstablishedCrds.installDaprCrds(client);
    operator = RunningOperator.start(client, RunningOperator.settings(true));
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void platformsAtTheApiServersLimitsAreAppliedOrRefusedWithTheFieldAndNeverHotLoop() {
    Map<String, TodoPlatform> platforms = new LinkedHashMap<>();
    platforms.put("scopes", withScopes(4_000));
    platforms.put("env", withEnv(1_000, 700));
    platforms.put("annotations", withPodAnnotations(1_000, 1_000));
    platforms.put("unicode", unicode());
    platforms.put("longest-names", named("n".repeat(63), "a".repeat(58)));
    platforms.put("name-253", named("x".repeat(253), "backend"));

    Map<String, String> outcomes = new LinkedHashMap<>();
    for (var entry : platforms.entrySet()) {
      String ns = "hostile-" + entry.getKey();
      ClusterFixtures.namespace(client, ns);
      ClusterFixtures.secret(client, ns, "todo-db", Map.of("connectionString", "host=localhost"));
      TodoPlatform platform = entry.getValue();
      platform.getMetadata().setNamespace(ns);
      try {
        client.resource(platform).create();
      } catch (KubernetesClientException refused) {
        // The API server's own limits (request size, CEL cost) come first: then the operator never sees it.
        outcomes.put(entry.getKey(), "refused by the API server: HTTP " + refused.getCode());
        assertThat(refused.getCode()).as(entry.getKey()).isIn(413, 422);
      }
    }
    for (var entry : platforms.entrySet()) {
      if (outcomes.containsKey(entry.getKey())) {
        continue;
      }
      String ns = "hostile-" + entry.getKey();
      String name = entry.getValue().getMetadata().getName();
      Condition components = await().atMost(SETTLE).until(() -> componentsOfFirstGeneration(ns, name),
          condition -> condition != null);
      outcomes.put(entry.getKey(), components.getStatus() + " " + components.getReason() + ": "
          + abbreviated(components.getMessage()));
    }
    System.out.println("hostile outcomes: " + outcomes);

    // ComponentsReady=True: the API server took every child; refused: the reason names the field.
    assertThat(outcomes.get("scopes")).startsWith("True");
    // Every component the backend shares with the further app-ids; the sweep binding is the backend's alone.
    assertThat(components("hostile-scopes")).filteredOn(c -> !"bindings.cron".equals(c.getSpec().getType()))
        .hasSize(3).allSatisfy(component -> assertThat(component.getScopes()).hasSize(4_001));
    assertThat(outcomes.get("env")).startsWith("True");
    assertThat(client.apps().deployments().inNamespace("hostile-env").withName("backend").get()
        .getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).hasSizeGreaterThan(1_000);
    assertThat(outcomes.get("annotations")).startsWith("False " + Reason.INVALID_SPEC)
        .contains("spec.backend.pod.annotations");
    assertThat(outcomes.get("unicode")).startsWith("True");
    assertThat(outcomes.get("longest-names")).startsWith("True");
    // A name is the app.kubernetes.io/instance label of every child: the CRD refuses more than 63 characters.
    assertThat(outcomes.get("name-253")).isEqualTo("refused by the API server: HTTP 422");

    // Settled: over a quiet window the operator does (almost) nothing, whatever it made of them.
    double before = reconciliationsStarted();
    int eventsBefore = events();
    sleep(QUIET_WINDOW);
    double during = reconciliationsStarted() - before;
    int eventsDuring = events() - eventsBefore;
    System.out.printf("hostile: %.0f reconciliations and %d events in %d s after settling%n", during, eventsDuring,
        QUIET_WINDOW.toSeconds());
    assertThat(during).as("reconciliations in a quiet window of %d s", QUIET_WINDOW.toSeconds())
        .isLessThanOrEqualTo(platforms.size());
    assertThat(eventsDuring).as("events in the quiet window").isLessThanOrEqualTo(platforms.size());

    // And it still works: a plain platform created now is applied.
    ClusterFixtures.namespace(client, "hostile-after");
    ClusterFixtures.secret(client, "hostile-after", "todo-db", Map.of("connectionString", "host=localhost"));
    TodoPlatform plain = Samples.minimal();
    plain.getMetadata().setNamespace("hostile-after");
    client.resource(plain).create();
    await().atMost(SETTLE).until(() -> componentsOfFirstGeneration("hostile-after", NAME),
        condition -> condition != null && "True".equals(condition.getStatus()));
  }

  private static TodoPlatform withScopes(int count) {
    TodoPlatform platform = Samples.minimal();
    // 63 characters each, the longest DNS-1123 label.
    platform.getSpec().setScopes(IntStream.range(0, count)
        .mapToObj(i -> String.format("app-%05d-", i) + "s".repeat(53)).toList());
    return platform;
  }

  private static TodoPlatform withEnv(int count, int valueLength) {
    TodoPlatform platform = Samples.minimal();
    platform.getSpec().getBackend().setEnv(IntStream.range(0, count)
        .mapToObj(i -> new EnvVar("VAR_" + i, "v".repeat(valueLength), null)).toList());
    return platform;
  }

  private static TodoPlatform withPodAnnotations(int count, int valueLength) {
    TodoPlatform platform = Samples.minimal();
    PodSpecOverrides pod = new PodSpecOverrides();
    Map<String, String> annotations = new LinkedHashMap<>();
    IntStream.range(0, count).forEach(i -> annotations.put("example.com/a" + i, "v".repeat(valueLength)));
    pod.setAnnotations(annotations);
    platform.getSpec().getBackend().setPod(pod);
    return platform;
  }

  private static TodoPlatform unicode() {
    TodoPlatform platform = Samples.minimal();
    platform.getSpec().getBackend().setImage("registry.example.com/tödo-äpp:1");
    platform.getSpec().getBackend().setEnv(List.of(new EnvVar("GREETING", "grüß dich 😀 名前 \u200B", null)));
    PodSpecOverrides pod = new PodSpecOverrides();
    pod.setAnnotations(Map.of("example.com/note", "ünïcödé 😀"));
    platform.getSpec().getBackend().setPod(pod);
    platform.getMetadata().setAnnotations(Map.of("example.com/owner", "José Ñúñez 名前"));
    return platform;
  }

  private static TodoPlatform named(String name, String appId) {
    TodoPlatform platform = Samples.minimal();
    platform.getMetadata().setName(name);
    platform.getSpec().getBackend().setAppId(appId);
    return platform;
  }

  /** ComponentsReady of generation 1: True once every child is applied, False with the reason otherwise. */
  private static Condition componentsOfFirstGeneration(String ns, String name) {
    TodoPlatform platform = client.resources(TodoPlatform.class).inNamespace(ns).withName(name).get();
    if (platform == null || platform.getStatus() == null) {
      return null;
    }
    Condition components = platform.getStatus().condition(ConditionType.COMPONENTS_READY);
    return components != null && Long.valueOf(1L).equals(components.getObservedGeneration()) ? components : null;
  }

  private static List<Component> components(String ns) {
    return client.resources(Component.class).inNamespace(ns).list().getItems();
  }

  private static double reconciliationsStarted() {
    return operator.registry().find("operator.sdk.reconciliations.started").counters().stream()
        .mapToDouble(Counter::count).sum();
  }

  private static int events() {
    return client.v1().events().inAnyNamespace().list().getItems().size();
  }

  private static String abbreviated(String message) {
    return message == null || message.length() < 300 ? message : message.substring(0, 300) + "...";
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Set<String> names(List<? extends HasMetadata> objects) {
    return Set.copyOf(objects.stream().map(o -> o.getMetadata().getName()).toList());
  }
}
