package io.todoplatform.app.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.todoplatform.app.activity.ActivityFeed;
import io.todoplatform.app.domain.ReminderService;
import io.todoplatform.app.events.Topics;
import io.todoplatform.app.maintenance.Maintenance;
import io.todoplatform.app.reminders.ReminderTrigger;
import io.todoplatform.app.support.Json;
import io.todoplatform.service.http.ProblemResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the Dapr sidecar calls: programmatic subscriptions and their deliveries, job triggers (reminders and the
 * maintenance job), and the cron binding.
 */
public final class SidecarRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(SidecarRoutes.class);
  private static final List<String> EVENT_MEDIA_TYPES = List.of("application/cloudevents+json", "application/json");

  private final String pubsubName;
  private final Topics topics;
  private final Optional<String> deadLetterTopic;
  private final String sweepRoute;
  private final ActivityFeed activity;
  private final ReminderTrigger trigger;
  private final Maintenance maintenance;

  public SidecarRoutes(String pubsubName, Topics topics, Optional<String> deadLetterTopic, String sweepRoute,
      ActivityFeed activity, ReminderTrigger trigger, Maintenance maintenance) {
    this.pubsubName = pubsubName;
    this.topics = topics;
    this.deadLetterTopic = deadLetterTopic;
    this.sweepRoute = sweepRoute;
    this.activity = activity;
    this.trigger = trigger;
    this.maintenance = maintenance;
  }

  /** Path prefixes the sidecar token guard protects. */
  public List<String> protectedPaths() {
    return List.of("/dapr/*", "/events/*", "/job/*", "/" + sweepRoute);
  }

  public static String subscriptionRoute(String topic) {
    return "/events/" + topic;
  }

  public void register(RoutesConfig routes) {
    routes.get("/dapr/subscribe", this::subscriptions);
    routes.post("/events/{topic}", this::deliver);
    routes.post("/job/{name}", this::jobTriggered);
    routes.post("/" + sweepRoute, this::sweep);
    // With direction: input the sidecar does not probe the binding route, but answering it is harmless.
    routes.options("/" + sweepRoute, ctx -> ctx.status(200));
  }

  /** Dapr sends what the app answers DROP for (and what its retries give up on) to the dead-letter topic, if set. */
  private void subscriptions(Context ctx) {
    ArrayNode list = Json.mapper().createArrayNode();
    for (String topic : topics.all()) {
      ObjectNode subscription = list.addObject().put("pubsubname", pubsubName).put("topic", topic)
          .put("route", subscriptionRoute(topic));
      deadLetterTopic.ifPresent(t -> subscription.put("deadLetterTopic", t));
    }
    ctx.status(200).contentType("application/json").result(list.toString());
  }

  private void deliver(Context ctx) {
    if (!topics.all().contains(ctx.pathParam("topic"))) {
      Responses.json(ctx, 404, Map.of("status", ActivityFeed.Delivery.DROP.name()));
      ProblemResponse.markWritten(ctx); // else the 404 page replaced this answer with a "no route" problem
      return;
    }
    ActivityFeed.Delivery outcome;
    try {
      outcome = activity.accept(JsonBodyReader.readObject(ctx, EVENT_MEDIA_TYPES));
    } catch (ApiException e) {
      // The reason may quote the body, which is not ours to log: the status says enough.
      LOG.warn("Dropping an undecodable event on topic {} (HTTP {} problem)", ctx.pathParam("topic"), e.status());
      outcome = ActivityFeed.Delivery.DROP; // redelivering a broken message cannot succeed
    }
    Responses.json(ctx, 200, Map.of("status", outcome.name()));
  }

  /**
   * A job fired: the maintenance job, or a reminder. Any other name is acknowledged (2xx) so the Scheduler does
   * not keep retrying something this app will never understand; a 503 (store down) makes it retry.
   */
  private void jobTriggered(Context ctx) {
    String name = ctx.pathParam("name");
    if (Maintenance.JOB_NAME.equals(name)) {
      boolean started = maintenance.requestPass();
      Responses.json(ctx, 200, Map.of("status", started ? "STARTED" : "ALREADY_RUNNING"));
      return;
    }
    Optional<ReminderService.Outcome> outcome =
        trigger.onJob(name, ctx.bodyAsBytes(), RequestTracing.traceparent(ctx));
    if (outcome.isEmpty()) {
      LOG.warn("Ignoring trigger of unknown job {}", name);
    } else {
      LOG.debug("Reminder job {} triggered: {}", name, outcome.get());
    }
    Responses.json(ctx, 200, Map.of("outcome", outcome.map(Enum::name).orElse("IGNORED")));
  }

  private void sweep(Context ctx) {
    boolean started = maintenance.requestPass();
    ObjectNode body = Json.mapper().createObjectNode().put("status", started ? "STARTED" : "ALREADY_RUNNING");
    ctx.status(200).contentType("application/json").result(body.toString());
  }
}
