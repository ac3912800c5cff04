package io.todoplatform.operator.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Secret informer's store on its own; the fetcher stands in for a GET on the API server. */
class ReferencedSecretStoreTest {
  private final List<String> fetched = new ArrayList<>();

  @Test
  void aReferencedSecretTheInformerHasNotDeliveredYetIsReadFromTheApiServer() {
    // The Secret and the TodoPlatform were created together; the TodoPlatform's watch event came first.
    Secret onServer = secret("todo", "kafka-secrets", "7");
    ReferencedSecretStore store = new ReferencedSecretStore(Set.of("todo/kafka-secrets")::contains,
        key -> {
          fetched.add(key);
          return onServer;
        });

    Secret seen = store.get("todo/kafka-secrets");

    assertThat(seen).as("not reported missing while the informer lags").isNotNull();
    assertThat(seen.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(seen.getData()).containsOnlyKeys("password").containsValue("");
    assertThat(fetched).containsExactly("todo/kafka-secrets");
    // The informer's own delivery arrives later: no second read.
    store.put("todo/kafka-secrets", onServer);
    assertThat(store.get("todo/kafka-secrets")).isNotNull();
    assertThat(fetched).hasSize(1);
  }

  @Test
  void aMissingReferencedSecretIsMissingAndAnUnreferencedUnknownOneCostsNoRequest() {
    ReferencedSecretStore store = new ReferencedSecretStore(Set.of("todo/neon-db")::contains, key -> {
      fetched.add(key);
      return null;
    });

    assertThat(store.get("todo/neon-db")).isNull();
    assertThat(store.get("todo/someone-elses")).isNull();
    assertThat(fetched).containsExactly("todo/neon-db");
    assertThat(store.size()).isZero();
  }

  private static Secret secret(String namespace, String name, String resourceVersion) {
    return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name)
        .withResourceVersion(resourceVersion).endMetadata()
        .withData(Map.of("password", "c2VjcmV0")).build();
  }
}
