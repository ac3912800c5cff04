package io.todoplatform.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.operator.Constants;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts Kubernetes Events on a TodoPlatform. The reconciler calls it only when the Ready condition changes, so a
 * platform stuck in one state does not flood the namespace with events.
 */
public class EventRecorder {
  public static final String NORMAL = "Normal";
  public static final String WARNING = "Warning";
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void record(TodoPlatform platform, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event = new EventBuilder()
        .withNewMetadata()
        .withName(platform.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
        .withNamespace(platform.getMetadata().getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(platform.getApiVersion())
            .withKind(platform.getKind())
            .withName(platform.getMetadata().getName())
            .withNamespace(platform.getMetadata().getNamespace())
            .withUid(platform.getMetadata().getUid())
            .withResourceVersion(platform.getMetadata().getResourceVersion())
            .build())
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withFirstTimestamp(now)
        .withLastTimestamp(now)
        .withCount(1)
        .withNewSource().withComponent(Constants.MANAGED_BY).endSource()
        .withReportingComponent(Constants.MANAGED_BY)
        .build();
    try {
      client.v1().events().inNamespace(platform.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: never fail a reconciliation because one could not be written.
      LOG.warn("could not record event {} on {}/{}: {}", reason, platform.getMetadata().getNamespace(),
          platform.getMetadata().getName(), e.getMessage());
    }
  }
}
