package io.todoplatform.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One event-driven todo platform: the operator renders it into a backend and its Dapr resources. */
@Group(TodoPlatform.GROUP)
@Version(TodoPlatform.VERSION)
@Plural("todoplatforms")
@ShortNames("tp")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING, priority = 1)
@AdditionalPrinterColumn(name = "App ID", jsonPath = ".spec.backend.appId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".spec.backend.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
// The name becomes the app.kubernetes.io/instance label of every child: a label value has at most 63 characters.
@ValidationRule(value = "self.metadata.name.size() <= " + TodoPlatform.MAX_NAME_LENGTH,
    message = "metadata.name: " + TodoPlatform.NAME_LENGTH_MESSAGE, reason = "FieldValueInvalid")
public class TodoPlatform extends CustomResource<TodoPlatformSpec, TodoPlatformStatus> implements Namespaced {
  public static final String GROUP = "platform.todo.io";
  public static final String VERSION = "v1alpha1";
  public static final String CRD_NAME = "todoplatforms." + GROUP;
  public static final int MAX_NAME_LENGTH = 63;
  public static final String NAME_LENGTH_MESSAGE = "must be at most 63 characters: the name is the"
      + " app.kubernetes.io/instance label of every child";

  @Override
  protected TodoPlatformStatus initStatus() {
    return new TodoPlatformStatus();
  }
}
