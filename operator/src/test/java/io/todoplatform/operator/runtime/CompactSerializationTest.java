package io.todoplatform.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

class CompactSerializationTest {
  private static final String DEPLOYMENT = """
      {"apiVersion":"apps/v1","kind":"Deployment",
       "metadata":{"name":"todo-backend","namespace":"team-%s","uid":"uid-%s",
         "labels":{"app.kubernetes.io/name":"todo-backend"},
         "ownerReferences":[{"apiVersion":"platform.todo.io/v1alpha1","kind":"TodoPlatform","name":"todo",
           "uid":"owner-uid"}]},
       "spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"app",
         "image":"ghcr.io/example/todo-backend:1.0.0","env":[{"name":"APP_ID","value":"todo-backend"}]}]}}}}
      """;

  @Test
  void theOperatorsClientsReadEachRepeatedStringAsOneInstance() {
    try (KubernetesClient client = KubernetesClients.builder().build()) {
      KubernetesSerialization serialization = client.getKubernetesSerialization();
      Deployment a = serialization.unmarshal(DEPLOYMENT.formatted("a", "a"), Deployment.class);
      Deployment b = serialization.unmarshal(DEPLOYMENT.formatted("b", "b"), Deployment.class);

      assertThat(b.getMetadata().getOwnerReferences().get(0).getUid())
          .isSameAs(a.getMetadata().getOwnerReferences().get(0).getUid());
      assertThat(b.getMetadata().getLabels().get("app.kubernetes.io/name"))
          .isSameAs(a.getMetadata().getLabels().get("app.kubernetes.io/name"));
      var containerA = a.getSpec().getTemplate().getSpec().getContainers().get(0);
      var containerB = b.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(containerB.getImage()).isSameAs(containerA.getImage());
      assertThat(containerB.getEnv().get(0).getValue()).isSameAs(containerA.getEnv().get(0).getValue());
      assertThat(b.getMetadata().getNamespace()).isEqualTo("team-b");
      assertThat(serialization.asJson(a)).isEqualTo(new KubernetesSerialization().asJson(
          new KubernetesSerialization().unmarshal(DEPLOYMENT.formatted("a", "a"), Deployment.class)));
    }
  }

  @Test
  void longValuesAreNotInterned() {
    String value = "x".repeat(InterningStrings.MAX_INTERNED_LENGTH + 1);
    String json = "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},\"stringData\":{\"k\":\"%s\"}}";
    KubernetesSerialization serialization = CompactSerialization.create();

    Secret a = serialization.unmarshal(json.formatted(value), Secret.class);
    Secret b = serialization.unmarshal(json.formatted(value), Secret.class);

    assertThat(b.getStringData().get("k")).isEqualTo(a.getStringData().get("k")).isNotSameAs(a.getStringData().get("k"));
  }

  @Test
  void objectsWithoutUnknownFieldsShareOneEmptyMapAndUnknownFieldsAreKept() {
    KubernetesSerialization serialization = CompactSerialization.create();
    Deployment a = serialization.unmarshal(DEPLOYMENT.formatted("a", "a"), Deployment.class);
    Deployment b = serialization.unmarshal(DEPLOYMENT.formatted("b", "b"), Deployment.class);
    Deployment withUnknown = serialization.unmarshal(
        DEPLOYMENT.formatted("c", "c").replace("\"replicas\":2", "\"replicas\":2,\"futureField\":\"x\""),
        Deployment.class);

    assertThat(b.getMetadata().getAdditionalProperties())
        .isSameAs(a.getMetadata().getAdditionalProperties())
        .isSameAs(a.getSpec().getTemplate().getSpec().getContainers().get(0).getAdditionalProperties());
    assertThat(a.getMetadata().getAdditionalProperties()).isEmpty();
    assertThat(withUnknown.getSpec().getAdditionalProperties()).containsEntry("futureField", "x");
    assertThat(serialization.asJson(withUnknown)).contains("\"futureField\":\"x\"");
  }

  @Test
  void genericResourcesKeepTheirOwnMapTheirContentLivesIn() {
    GenericKubernetesResource generic = CompactSerialization.create().unmarshal(
        "{\"apiVersion\":\"example.com/v1\",\"kind\":\"Thing\",\"metadata\":{\"name\":\"t\"}}",
        GenericKubernetesResource.class);

    generic.setAdditionalProperty("spec", java.util.Map.of("size", 1));

    assertThat(generic.get("spec", "size").toString()).isEqualTo("1");
  }
}
