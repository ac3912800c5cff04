package io.todoplatform.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactItemStoreTest {

  /** A Deployment as an informer receives it: the operator's apply entry names the owner's uid. */
  private static Deployment deployment(String namespace, String ownerUid) {
    String json = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"todo-backend","namespace":"%s","resourceVersion":"7",
           "managedFields":[{"manager":"todo-platform-operator","operation":"Apply","apiVersion":"apps/v1",
             "fieldsType":"FieldsV1","fieldsV1":{
               "f:metadata":{"f:labels":{".":{},"f:app":{}},
                 "f:ownerReferences":{"k:{\\"uid\\":\\"%s\\"}":{}}},
               "f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{
                 "k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}}]},
         "spec":{"replicas":2}}
        """.formatted(namespace, ownerUid);
    return Serialization.unmarshal(json, Deployment.class);
  }

  @Test
  void storedObjectsShareTheNodesTheirManagedFieldsHaveInCommonAndStayEqual() {
    CompactItemStore<Deployment> store = new CompactItemStore<>();
    Deployment first = deployment("team-a", "uid-a");
    Deployment second = deployment("team-b", "uid-b");
    String firstAsReceived = Serialization.asJson(first);

    store.put(store.getKey(first), first);
    store.put(store.getKey(second), second);

    assertThat(Serialization.asJson(store.get("team-a/todo-backend"))).isEqualTo(firstAsReceived);
    Map<String, Object> a = fields(store.get("team-a/todo-backend"));
    Map<String, Object> b = fields(store.get("team-b/todo-backend"));
    assertThat(a.get("f:spec")).as("the same subtree is one object").isSameAs(b.get("f:spec"));
    assertThat(a.get("f:metadata")).as("the owner's uid differs").isNotEqualTo(b.get("f:metadata"));
  }

  @Test
  void sharedTreesCannotBeChangedThroughOneObject() {
    CompactItemStore<Deployment> store = new CompactItemStore<>();
    Deployment deployment = deployment("team-c", "uid-c");
    store.put(store.getKey(deployment), deployment);

    assertThatThrownBy(() -> fields(deployment).put("f:status", Map.of()))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  private static Map<String, Object> fields(Deployment deployment) {
    return deployment.getMetadata().getManagedFields().get(0).getFieldsV1().getAdditionalProperties();
  }
}
