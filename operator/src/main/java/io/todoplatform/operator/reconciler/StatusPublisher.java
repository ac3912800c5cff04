package io.todoplatform.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.todoplatform.operator.api.v1alpha1.ChatStatus;
import io.todoplatform.operator.api.v1alpha1.Condition;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.api.v1alpha1.TodoPlatformStatus;
import io.todoplatform.operator.dependent.DependentNames;
import io.todoplatform.operator.render.DesiredState;
import io.todoplatform.operator.render.Labels;
import io.todoplatform.operator.status.BackendAvailability;
import io.todoplatform.operator.status.ConditionSet;
import io.todoplatform.operator.status.ConditionType;
import io.todoplatform.operator.status.Reason;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the outcome of a reconciliation into the TodoPlatform's status, writes it only when it changed, and
 * records an Event when the Ready condition changes (and only then, so nothing floods).
 */
class StatusPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(StatusPublisher.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Clock clock;

  StatusPublisher(Clock clock) {
    this.clock = clock;
  }

  UpdateControl<TodoPlatform> applied(TodoPlatform platform, DesiredState desired, Context<TodoPlatform> context,
      EventRecorder events) {
    Optional<Deployment> deployment = deploymentIfWatched(context, DependentNames.DEPLOYMENT);
    BackendAvailability backend = BackendAvailability.of(deployment,
        desiredReplicas(desired.deployment().orElseThrow(), deployment));
    Optional<BackendAvailability> chat = desired.chat().map(children -> {
      Optional<Deployment> chatDeployment = deploymentIfWatched(context, DependentNames.CHAT_DEPLOYMENT);
      return BackendAvailability.of(children.deployment().getMetadata().getName(), chatDeployment,
          desiredReplicas(children.deployment(), chatDeployment));
    });
    boolean ready = backend.available() && chat.map(BackendAvailability::available).orElse(true);
    String notReady = !backend.available() ? backend.message() : chat.map(BackendAvailability::message).orElse("");
    ConditionSet conditions = conditions(platform)
        .set(ConditionType.COMPONENTS_READY, true, Reason.APPLIED,
            desired.inApplyOrder().size() + " resources applied")
        .set(ConditionType.BACKEND_AVAILABLE, backend.available(), backend.reason(), backend.message());
    chat.ifPresent(c -> conditions.set(ConditionType.CHAT_AVAILABLE, c.available(), c.reason(), c.message()));
    BackendAvailability blocking = !backend.available() ? backend : chat.filter(c -> !c.available()).orElse(null);
    conditions
        .set(ConditionType.READY, ready, readyReason(blocking),
            ready ? "all resources applied and " + (chat.isPresent() ? "the backend and chat-api are" : "the backend is")
                + " available" : notReady)
        .set(ConditionType.PAUSED, false, Reason.NOT_PAUSED, "changes to the children are applied");
    // Everything of this generation is applied: only now does observedGeneration move and the status name it.
    TodoPlatformStatus status = new TodoPlatformStatus();
    status.setObservedGeneration(platform.getMetadata().getGeneration());
    status.setConditions(conditions.build());
    status.setAppId(desired.deployment().map(d -> d.getMetadata().getName()).orElse(null));
    status.setComponents(desired.componentNames());
    status.setBackend(backend.counts());
    status.setChat(chat.map(c -> chatStatus(desired, c)).orElse(null));
    status.setSelector(Labels.backendSelector(platform));
    return publish(platform, status, events);
  }

  private static ChatStatus chatStatus(DesiredState desired, BackendAvailability chat) {
    return new ChatStatus(desired.chat().orElseThrow().deployment().getMetadata().getName(),
        chat.counts().getReplicas(), chat.counts().getReadyReplicas(), chat.counts().getUpdatedReplicas());
  }

  /**
   * Ready's reason: READY when nothing blocks it, else the blocking app's own reason when someone must act on it,
   * else that it is still on its way.
   */
  private static String readyReason(BackendAvailability blocking) {
    if (blocking == null) {
      return Reason.READY;
    }
    return Reason.ERRORS.contains(blocking.reason()) ? blocking.reason() : Reason.PROGRESSING;
  }

  /** The replicas the spec asks for, or (left to an autoscaler) the ones the Deployment has. */
  private static int desiredReplicas(Deployment rendered, Optional<Deployment> actual) {
    Integer replicas = rendered.getSpec().getReplicas();
    if (replicas != null) {
      return replicas;
    }
    return actual.map(d -> d.getSpec().getReplicas()).orElse(1);
  }

  UpdateControl<TodoPlatform> blocked(TodoPlatform platform, Context<TodoPlatform> context, Blocker blocker,
      EventRecorder events) {
    Optional<Deployment> deployment = deploymentIfWatched(context, DependentNames.DEPLOYMENT);
    int replicas = Optional.ofNullable(platform.getSpec()).map(s -> s.getBackend()).map(b -> b.getReplicas())
        .orElseGet(() -> deployment.map(d -> d.getSpec().getReplicas()).orElse(1));
    BackendAvailability backend = BackendAvailability.of(deployment, replicas);
    ConditionSet conditions = conditions(platform)
        .set(ConditionType.COMPONENTS_READY, false, blocker.reason(), blocker.message())
        .set(ConditionType.BACKEND_AVAILABLE, backend.available(), backend.reason(), backend.message())
        .keep(ConditionType.CHAT_AVAILABLE)
        .set(ConditionType.READY, false, blocker.reason(), blocker.message())
        .set(ConditionType.PAUSED, false, Reason.NOT_PAUSED, "changes to the children are applied");
    TodoPlatformStatus status = previousRender(platform, conditions);
    status.setBackend(deployment.isPresent() ? backend.counts() : status.getBackend());
    UpdateControl<TodoPlatform> control = publish(platform, status, events);
    return blocker.recheckAfter().map(control::rescheduleAfter).orElse(control);
  }

  UpdateControl<TodoPlatform> paused(TodoPlatform platform, Context<TodoPlatform> context, EventRecorder events) {
    ConditionSet conditions = conditions(platform)
        .keep(ConditionType.COMPONENTS_READY)
        .keep(ConditionType.BACKEND_AVAILABLE)
        .keep(ConditionType.CHAT_AVAILABLE)
        .keep(ConditionType.READY)
        .set(ConditionType.PAUSED, true, Reason.PAUSED,
            "annotation platform.todo.io/paused is \"true\": no changes are made to the children");
    return publish(platform, previousRender(platform, conditions), events);
  }

  ErrorStatusUpdateControl<TodoPlatform> applyFailed(TodoPlatform platform, Context<TodoPlatform> context,
      String message, EventRecorder events) {
    ConditionSet conditions = conditions(platform)
        .set(ConditionType.COMPONENTS_READY, false, Reason.APPLY_FAILED, message)
        .keep(ConditionType.BACKEND_AVAILABLE)
        .keep(ConditionType.CHAT_AVAILABLE)
        .set(ConditionType.READY, false, Reason.APPLY_FAILED, message)
        .set(ConditionType.PAUSED, false, Reason.NOT_PAUSED, "changes to the children are applied");
    TodoPlatformStatus status = previousRender(platform, conditions);
    recordTransition(platform, status, events);
    platform.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(platform);
  }

  private ConditionSet conditions(TodoPlatform platform) {
    List<Condition> previous = platform.getStatus() == null ? List.of() : platform.getStatus().getConditions();
    return new ConditionSet(previous, platform.getMetadata().getGeneration(), clock);
  }

  /**
   * The status of a generation that was not (or not wholly) applied: new conditions, which say why and name the
   * generation they describe, but observedGeneration, app-id and components still those of the last applied render.
   */
  private static TodoPlatformStatus previousRender(TodoPlatform platform, ConditionSet conditions) {
    TodoPlatformStatus status = new TodoPlatformStatus();
    status.setConditions(conditions.build());
    TodoPlatformStatus previous = platform.getStatus();
    if (previous != null) {
      status.setObservedGeneration(previous.getObservedGeneration());
      status.setAppId(previous.getAppId());
      status.setComponents(previous.getComponents());
      status.setBackend(previous.getBackend());
      status.setChat(previous.getChat());
      status.setSelector(previous.getSelector());
    }
    return status;
  }

  private UpdateControl<TodoPlatform> publish(TodoPlatform platform, TodoPlatformStatus status, EventRecorder events) {
    if (platform.getStatus() != null
        && SERIALIZATION.asJson(platform.getStatus()).equals(SERIALIZATION.asJson(status))) {
      return UpdateControl.noUpdate();
    }
    recordTransition(platform, status, events);
    platform.setStatus(status);
    return UpdateControl.patchStatus(platform);
  }

  private void recordTransition(TodoPlatform platform, TodoPlatformStatus status, EventRecorder events) {
    for (String type : List.of(ConditionType.READY, ConditionType.PAUSED)) {
      Condition before = platform.getStatus() == null ? null : platform.getStatus().condition(type);
      Condition after = status.condition(type);
      if (after == null || (before != null && Objects.equals(before.getStatus(), after.getStatus())
          && Objects.equals(before.getReason(), after.getReason()))) {
        continue;
      }
      if (before == null && ConditionType.PAUSED.equals(type) && Condition.FALSE.equals(after.getStatus())) {
        continue;
      }
      boolean warning = Reason.ERRORS.contains(after.getReason());
      LOG.info("{} is now {} ({}): {}", type, after.getStatus(), after.getReason(), after.getMessage());
      events.record(platform, warning ? EventRecorder.WARNING : EventRecorder.NORMAL, after.getReason(),
          after.getMessage());
    }
  }

  /** The Deployment the named dependent manages, from its informer. */
  private static Optional<Deployment> deploymentIfWatched(Context<TodoPlatform> context, String dependent) {
    try {
      return context.getSecondaryResource(Deployment.class, dependent);
    } catch (RuntimeException notWatched) {
      return Optional.empty();
    }
  }
}
