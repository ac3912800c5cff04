package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.support.Samples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rollout hash depends on content only: an operator restart (a new JVM, other map iteration orders) must not
 * roll every backend in the cluster.
 */
class ContentHashTest {
  @Test
  void theSameContentInAnotherMapOrderHasTheSameHash() {
    List<HasMetadata> resources =
        TodoPlatformRenderer.render(Samples.production(), RenderOptions.kubernetes()).daprResources();
    String hash = ContentHash.of(resources);
    // The same objects as generic ones, every map of their spec in reverse order.
    KubernetesSerialization serialization = new KubernetesSerialization();
    List<GenericKubernetesResource> reordered = new ArrayList<>();
    for (HasMetadata resource : resources) {
      GenericKubernetesResource copy = serialization.convertValue(resource, GenericKubernetesResource.class);
      copy.setAdditionalProperty("spec", reversed(copy.get("spec")));
      reordered.add(copy);
    }
    assertThat(ContentHash.of(reordered)).isEqualTo(hash);
  }

  @Test
  void theHashOfTheProductionSampleIsPinned() {
    // Pinned so that a change of hashing (which would roll every backend on upgrade) is a deliberate one.
    assertThat(ContentHash.of(TodoPlatformRenderer.render(Samples.production(), RenderOptions.kubernetes())
        .daprResources())).hasSize(32).isEqualTo(PINNED);
  }

  // Changed deliberately by issue 14 (bounded retries, dead letters, spec.metrics) and by issue 11 (the sample's
  // chat-api: its Component, its scopes, its Configuration, the backend's access control): one rollout on upgrade.
  static final String PINNED = "a80b435857f5ba4503da350c9443c221";

  @Test
  void theSecretsHashDependsOnNamesAndVersionsOnly() {
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("neon-db", "41");
    versions.put("kafka-secrets", "17");
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("kafka-secrets", "17");
    reversed.put("neon-db", "41");
    assertThat(ContentHash.ofVersions(reversed)).isEqualTo(ContentHash.ofVersions(versions));
    reversed.put("kafka-secrets", "18");
    assertThat(ContentHash.ofVersions(reversed)).as("a rotated Secret").isNotEqualTo(ContentHash.ofVersions(versions));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> reversed(Map<String, Object> map) {
    List<String> keys = new ArrayList<>(map.keySet());
    Collections.reverse(keys);
    Map<String, Object> result = new LinkedHashMap<>();
    for (String key : keys) {
      Object value = map.get(key);
      result.put(key, value instanceof Map<?, ?> nested ? reversed((Map<String, Object>) nested) : value);
    }
    return result;
  }
}
