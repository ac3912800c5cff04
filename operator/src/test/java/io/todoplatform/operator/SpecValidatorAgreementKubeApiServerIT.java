package io.todoplatform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.DesiredState;
import io.todoplatform.operator.render.InvalidSpecException;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.SpecDefaults;
import io.todoplatform.operator.render.SpecValidator;
import io.todoplatform.operator.render.TodoPlatformReader;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.render.Violation;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.EstablishedCrds;
import io.todoplatform.operator.support.specgen.PlatformTrees;
import io.todoplatform.testkit.kube.KubeApiServerExtension;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two validations of a TodoPlatform agree: thousands of generated specs (valid and broken) go both through the
 * Java path that `render` and the reconciler use (TodoPlatformReader, SpecDefaults, SpecValidator) and, as
 * server-side dry-run creates with strict field validation, to a real kube-apiserver with the generated CRD. Every
 * spec must be accepted by both or refused by both, and where both accept, the API server's defaults must be the
 * Java defaults (Java may fill in only the five documented "left out means ..." fields besides). The specs come from
 * a fixed seed, so a run is repeatable; each disagreement found is kept as a plain case in
 * SpecValidatorAgreementRegressionTest.
 */
class SpecValidatorAgreementKubeApiServerIT {
  @RegisterExtension
  static final KubeApiServerExtension KUBE = new KubeApiServerExtension();

  private static final Logger LOG = LoggerFactory.getLogger(SpecValidatorAgreementKubeApiServerIT.class);
  private static final String NAMESPACE = "agreement";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final int SPECS = Integer.getInteger("agreement.specs", 3000);
  private static final long SEED = Long.getLong("agreement.seed", 20261130L);
  private static final int IN_FLIGHT = 8;
  /** Fields Java fills in that the CRD documents instead of defaulting (see SpecDefaults). */
  private static final List<String> JAVA_ONLY_DEFAULTS = List.of("spec.backend.env", "spec.dapr.sidecar.resources",
      "spec.pubsub.tls.enabled", "spec.secretStore.allowedSecrets", "spec.scopes");
  /**
   * The disagreements left on purpose, each documented: (1) the CRD checks the quantities of cpu and memory only and
   * (2) not the characters of env names (CEL over every key of Kubernetes' unbounded maps, or a regular expression
   * per env item, exceeds the API server's cost budget for a CRD): Java checks them, or the Deployment would be
   * refused; (3) Jackson builds a LocalObjectReference from a plain string (imagePullSecrets: [x]), which the API
   * server refuses: render takes it as the name.
   */
  private static final java.util.regex.Pattern KNOWN_GAP = java.util.regex.Pattern.compile(
      "Java refuses: \\[spec\\.(backend|dapr\\.sidecar)\\.resources\\.(requests|limits)\\.(?!cpu:|memory:)[^:]+:"
          + " \"[^\"]*\" is not a valid quantity \\(e\\.g\\. 100m, 0\\.5, 128Mi, 1Gi\\)\\]; API server accepts"
          + "|Java refuses: \\[(spec\\.backend\\.env\\[\\d+]\\.name: must be printable ASCII[^\\]]*(, )?)+\\]; API server accepts"
          + "|Java accepts; API server refuses: .*\\[spec\\.backend\\.pod\\.imagePullSecrets\\[\\d+]: Invalid value: \"string\".*",
      java.util.regex.Pattern.DOTALL);
  /** Accepted specs whose rendered children are also dry-run created: renders valid children, not only specs. */
  private static final int CHILDREN_CHECKED = 150;

  static KubernetesClient client;

  @BeforeAll
  static void installCrds() {
    client = KUBE.client();
    EstablishedCrds.installTodoPlatformCrd(client);
    EstablishedCrds.installDaprCrds(client);
    ClusterFixtures.namespace(client, NAMESPACE);
  }

  record Verdict(boolean accepted, String detail, JsonNode defaultedSpec) {}

  @Test
  void javaAndTheApiServerAcceptAndRefuseTheSameSpecsAndDefaultThemAlike() throws Exception {
    List<PlatformTrees.Generated> generated = new ArrayList<>();
    generated.addAll(PlatformTrees.sample(PlatformTrees.valid(), SEED, SPECS / 3));
    generated.addAll(PlatformTrees.sample(PlatformTrees.mutated(), SEED + 1, SPECS - SPECS / 3));
    List<Map<String, Object>> documents = generated.stream().map(PlatformTrees.Generated::document).toList();
    documents.forEach(SpecValidatorAgreementKubeApiServerIT::inTheTestNamespace);

    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
    List<Future<Verdict>> server;
    try {
      server = pool.invokeAll(IntStream.range(0, documents.size())
          .mapToObj(i -> (java.util.concurrent.Callable<Verdict>) () -> server(documents.get(i), i)).toList());
    } finally {
      pool.shutdown();
    }
    List<String> disagreements = new ArrayList<>();
    int accepted = 0;
    int knownGap = 0;
    List<TodoPlatform> acceptedPlatforms = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      Verdict fromServer = server.get(i).get(2, TimeUnit.MINUTES);
      Verdict fromJava = java(documents.get(i));
      String yaml = PlatformTrees.yaml(documents.get(i));
      String what = generated.get(i).mutations().isEmpty() ? "" : " " + generated.get(i).mutations();
      if (fromServer.accepted() != fromJava.accepted()) {
        String verdicts = "Java " + (fromJava.accepted() ? "accepts" : "refuses: " + fromJava.detail()) + "; API server "
            + (fromServer.accepted() ? "accepts" : "refuses: " + fromServer.detail());
        if (KNOWN_GAP.matcher(verdicts).matches()) {
          knownGap++;
          continue;
        }
        disagreements.add("#" + i + " Java " + (fromJava.accepted() ? "accepts" : "refuses: " + fromJava.detail())
            + "; API server " + (fromServer.accepted() ? "accepts" : "refuses: " + fromServer.detail())
            + what + "\n" + yaml);
      } else if (fromServer.accepted()) {
        accepted++;
        List<String> differences = new ArrayList<>();
        diff("spec", fromServer.defaultedSpec(), fromJava.defaultedSpec(), differences);
        if (!differences.isEmpty()) {
          disagreements.add("#" + i + " defaults differ: " + differences + what + "\n" + yaml);
        }
        if (acceptedPlatforms.size() < CHILDREN_CHECKED) {
          acceptedPlatforms.add(TodoPlatformReader.read(yaml));
        }
      }
    }
    long specsMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    List<String> childProblems = Collections.synchronizedList(new ArrayList<>());
    acceptedPlatforms.parallelStream().forEach(platform -> childProblems.addAll(dryRunChildren(platform)));
    long totalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    LOG.info("{} specs ({} accepted by both) compared with the API server in {} ms; children of {} dry-run created;"
        + " {} ms in all", documents.size(), accepted, specsMillis, acceptedPlatforms.size(), totalMillis);
    System.out.printf("agreement: %d specs (%d accepted by both, %d in the known gap) in %d ms, children of %d"
        + " platforms, %d ms in all%n", documents.size(), accepted, knownGap, specsMillis, acceptedPlatforms.size(),
        totalMillis);

    // All of them, for a developer to read: the assertion message shows the first ones only.
    java.nio.file.Files.writeString(java.nio.file.Path.of("target/agreement-disagreements.txt"),
        String.join("\n----\n", disagreements) + "\n" + String.join("\n----\n", childProblems));
    assertThat(disagreements).as(disagreements.size() + " disagreements, the first ones:\n"
        + String.join("\n----\n", disagreements.subList(0, Math.min(15, disagreements.size())))).isEmpty();
    assertThat(childProblems).as("children the API server refuses").isEmpty();
    // The generators must give both outcomes plenty: a run where nearly all are refused proves little.
    assertThat(accepted).as("specs accepted by both").isGreaterThan(documents.size() / 10);
  }

  /** The disagreements found by the generated run, kept as plain cases: both sides decide as stated. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.todoplatform.operator.AgreementCases#cases")
  void theCasesFoundBeforeAreDecidedAlikeByBoth(String description, String specChange, boolean accepted)
      throws Exception {
    Map<String, Object> document = AgreementCases.document(specChange);
    Verdict fromServer = server(document, 0);
    Verdict fromJava = java(document);
    assertThat(fromServer.accepted()).as(description + " (API server: " + fromServer.detail() + ")")
        .isEqualTo(accepted);
    assertThat(fromJava.accepted()).as(description + " (Java: " + fromJava.detail() + ")").isEqualTo(accepted);
    if (accepted) {
      List<String> differences = new ArrayList<>();
      diff("spec", fromServer.defaultedSpec(), fromJava.defaultedSpec(), differences);
      assertThat(differences).as(description + ": defaults").isEmpty();
    }
  }

  /** The spec alone is compared: metadata is the test's own (the name rules are tested by the render properties). */
  private static void inTheTestNamespace(Map<String, Object> document) {
    document.put("metadata", new LinkedHashMap<>(Map.of("name", "todo", "namespace", NAMESPACE)));
  }

  static Verdict java(Map<String, Object> document) {
    try {
      TodoPlatform platform = TodoPlatformReader.read(PlatformTrees.yaml(document));
      TodoPlatform defaulted = SpecDefaults.withDefaults(platform);
      List<Violation> violations = SpecValidator.validate(defaulted.getSpec());
      if (!violations.isEmpty()) {
        return new Verdict(false, violations.toString(), null);
      }
      return new Verdict(true, "", SERIALIZATION.convertValue(defaulted.getSpec(), JsonNode.class));
    } catch (InvalidSpecException e) {
      return new Verdict(false, e.violations().toString(), null);
    } catch (RuntimeException e) {
      return new Verdict(false, "CRASHED " + e, null);
    }
  }

  static Verdict server(Map<String, Object> document, int index) throws Exception {
    HttpClient http = client.getHttpClient();
    HttpRequest request = http.newHttpRequestBuilder()
        .url(new URL(new URL(client.getMasterUrl().toString()), "apis/" + PlatformTrees.API_VERSION
            + "/namespaces/" + NAMESPACE + "/todoplatforms?dryRun=All&fieldValidation=Strict"))
        .post("application/json", PlatformTrees.json(document))
        .build();
    HttpResponse<String> response = http.sendAsync(request, String.class).get(2, TimeUnit.MINUTES);
    JsonNode body = SERIALIZATION.unmarshal(response.body(), JsonNode.class);
    if (response.code() == 201) {
      return new Verdict(true, "", body.path("spec"));
    }
    if (response.code() == 422 || response.code() == 400) {
      return new Verdict(false, body.path("message").asText(), null);
    }
    throw new IllegalStateException("#" + index + ": HTTP " + response.code() + " " + response.body());
  }

  /** Compares the API server's defaulted spec with Java's, leaving out what only Java fills in by design. */
  static void diff(String path, JsonNode server, JsonNode java, List<String> differences) {
    if (server.isObject() && java.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      server.fieldNames().forEachRemaining(names::add);
      java.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String child = path + "." + name;
        JsonNode s = server.get(name);
        JsonNode j = java.get(name);
        if (s == null && JAVA_ONLY_DEFAULTS.stream().anyMatch(child::startsWith)) {
          continue;
        }
        // An empty map or list and none are the same spec (fabric8's types leave empty ones out).
        if (isEmptyOrMissing(s) && isEmptyOrMissing(j)) {
          continue;
        }
        if (s == null || j == null) {
          differences.add(child + ": only " + (s == null ? "Java" : "the API server") + " has "
              + (s == null ? j : s));
        } else {
          diff(child, s, j, differences);
        }
      }
    } else if (server.isArray() && java.isArray() && server.size() == java.size()) {
      for (int i = 0; i < server.size(); i++) {
        diff(path + "[" + i + "]", server.get(i), java.get(i), differences);
      }
    } else if (server.isValueNode() && java.isValueNode()) {
      // Quantities: the API server keeps 2 as a number, fabric8's Quantity writes "2"; the amount is what counts.
      if (!server.asText().equals(java.asText())) {
        differences.add(path + ": API server " + server + ", Java " + java);
      }
    } else if (!server.equals(java)) {
      differences.add(path + ": API server " + server + ", Java " + java);
    }
  }

  private static boolean isEmptyOrMissing(JsonNode node) {
    return node == null || node.isNull() || (node.isContainerNode() && node.isEmpty());
  }

  private static List<String> dryRunChildren(TodoPlatform platform) {
    List<String> problems = new ArrayList<>();
    DesiredState state = TodoPlatformRenderer.render(platform, RenderOptions.kubernetes());
    for (HasMetadata child : state.inApplyOrder()) {
      try {
        client.resource(child).inNamespace(NAMESPACE).dryRun().create();
      } catch (KubernetesClientException e) {
        problems.add(child.getKind() + "/" + child.getMetadata().getName() + ": " + e.getMessage()
            + "\n" + PlatformTrees.yaml(SERIALIZATION.convertValue(platform, Map.class)));
      }
    }
    return problems;
  }
}
