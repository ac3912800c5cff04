package io.todoplatform.operator.upgrade;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.todoplatform.operator.support.ClusterFixtures;
import io.todoplatform.operator.support.ProjectPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The fixture of the previous release (0.1.0, commit c0778dc): its CRD, the TodoPlatforms and Secrets it was given,
 * and the write requests its operator made for them (recorded once by {@link PreviousReleaseRecorder}; see the
 * fixture's README.md). {@link #replay} sends those requests again on a fresh API server.
 */
final class PreviousRelease {
  static final String WRITES_FILE = "operator-writes.json";
  /** What the old operator's writes are replayed for: its children and the TodoPlatform's status, not its Events. */
  static final Set<String> REPLAYED = Set.of("todoplatforms", "serviceaccounts", "roles", "rolebindings", "services",
      "deployments", "components", "resiliencies", "configurations", "poddisruptionbudgets", "secrets");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  private PreviousRelease(Path dir) {
    this.dir = dir;
  }

  static PreviousRelease at(Path dir) {
    return new PreviousRelease(dir);
  }

  static PreviousRelease v0_1_0() {
    return at(ProjectPaths.repoRoot().resolve("operator/src/test/resources/upgrade/from-0.1.0"));
  }

  Path crd() {
    return dir.resolve("todoplatforms.platform.todo.io-v1.yml");
  }

  /** The namespaces, Secrets and TodoPlatforms of platforms.yaml, created under the old CRD; namespace -> uid. */
  Map<String, String> createPlatforms(KubernetesClient admin) {
    Map<String, String> uids = new LinkedHashMap<>();
    List<HasMetadata> objects;
    try (InputStream in = Files.newInputStream(dir.resolve("platforms.yaml"))) {
      objects = admin.load(in).items();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (HasMetadata object : objects) {
      String ns = object.getMetadata().getNamespace();
      if (admin.namespaces().withName(ns).get() == null) {
        ClusterFixtures.namespace(admin, ns);
      }
      HasMetadata created = admin.resource(object).create();
      if ("TodoPlatform".equals(object.getKind())) {
        uids.put(ns, created.getMetadata().getUid());
      }
    }
    return uids;
  }

  /** The backend Deployment's name: spec.backend.appId, "backend" by default. */
  String appId(KubernetesClient admin, String ns) {
    GenericKubernetesResource platform = platform(admin, ns);
    String appId = platform.get("spec", "backend", "appId");
    return appId == null ? "backend" : appId;
  }

  static GenericKubernetesResource platform(KubernetesClient admin, String ns) {
    return admin.genericKubernetesResources("platform.todo.io/v1alpha1", "TodoPlatform").inNamespace(ns)
        .withName("todo").get();
  }

  void awaitCondition(KubernetesClient admin, String ns, String type) {
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
      List<Map<String, Object>> conditions = platform(admin, ns).get("status", "conditions");
      return conditions != null && conditions.stream()
          .anyMatch(c -> type.equals(c.get("type")) && "True".equals(c.get("status")));
    });
  }

  /**
   * Sends the recorded write requests of the old operator again, in their order, with the new TodoPlatforms' uids in
   * place of the recorded ones (owner references).
   *
   * @param uids namespace -> uid of the TodoPlatforms {@link #createPlatforms} made here
   */
  void replay(KubernetesClient admin, Map<String, String> uids) {
    JsonNode recording = recording();
    Map<String, String> newUidByOld = new LinkedHashMap<>();
    recording.path("platformUids").fields().forEachRemaining(entry ->
        newUidByOld.put(entry.getValue().asText(), uids.get(entry.getKey())));
    for (JsonNode write : recording.path("writes")) {
      // Without the resourceVersion the old operator sent (java-operator-sdk's optimistic lock on the status, "1" on
      // a create): this server's versions differ, and server-side apply builds the same object without it.
      JsonNode recorded = write.path("body").deepCopy();
      ((com.fasterxml.jackson.databind.node.ObjectNode) recorded.path("metadata")).remove("resourceVersion");
      String body = recorded.toString();
      for (Map.Entry<String, String> uid : newUidByOld.entrySet()) {
        body = body.replace(uid.getKey(), uid.getValue());
      }
      send(admin, write.path("verb").asText(), write.path("requestURI").asText(), body);
    }
  }

  /** How many write requests of each resource the old operator made (for the report). */
  List<String> recordedWrites() {
    List<String> writes = new ArrayList<>();
    for (JsonNode write : recording().path("writes")) {
      writes.add(write.path("verb").asText() + " " + write.path("requestURI").asText());
    }
    return writes;
  }

  private JsonNode recording() {
    try {
      return JSON.readTree(dir.resolve(WRITES_FILE).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("no recording of the previous release in " + dir, e);
    }
  }

  private static void send(KubernetesClient admin, String verb, String requestUri, String body) {
    String contentType = switch (verb) {
      // java-operator-sdk writes every child and the status by server-side apply.
      case "patch" -> "application/apply-patch+yaml";
      case "create", "update" -> "application/json";
      default -> throw new IllegalStateException("cannot replay a " + verb + " (" + requestUri + ")");
    };
    String method = switch (verb) {
      case "patch" -> "PATCH";
      case "create" -> "POST";
      default -> "PUT";
    };
    URI uri = URI.create(admin.getConfiguration().getMasterUrl().replaceAll("/$", "") + requestUri);
    HttpRequest request = admin.getHttpClient().newHttpRequestBuilder().uri(uri).method(method, contentType, body)
        .build();
    try {
      HttpResponse<String> response = admin.getHttpClient().sendAsync(request, String.class).get(60,
          TimeUnit.SECONDS);
      if (response.code() / 100 != 2) {
        throw new IllegalStateException("replaying " + verb + " " + requestUri + " failed with " + response.code()
            + ": " + response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("replaying " + verb + " " + requestUri + " failed", e);
    }
  }
}
