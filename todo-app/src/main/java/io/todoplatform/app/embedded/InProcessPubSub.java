package io.todoplatform.app.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.activity.ActivityFeed;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.ports.PublishFailedException;
import io.todoplatform.app.support.DaemonThreads;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The pub/sub port in process: delivers each published CloudEvent asynchronously to the handler
 * subscribed to its topic (the same handlers the Dapr subscription routes call), redelivering when a
 * handler asks for RETRY, as the sidecar would. {@link #setAvailable(boolean)} simulates a broker outage.
 */
public final class InProcessPubSub implements EventPublisher, AutoCloseable {
  private final Map<String, Function<JsonNode, ActivityFeed.Delivery>> subscribers = new ConcurrentHashMap<>();
  /** An accepted publish request. */
  public record Published(String topic, String partitionKey, ObjectNode event) {}

  private final List<Published> published = new CopyOnWriteArrayList<>();
  private final AtomicBoolean available = new AtomicBoolean(true);
  private final ScheduledExecutorService delivery =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("in-process-pubsub"));

  public void subscribe(String topic, Function<JsonNode, ActivityFeed.Delivery> handler) {
    subscribers.put(topic, handler);
  }

  public void setAvailable(boolean isAvailable) {
    available.set(isAvailable);
  }

  /** Every event accepted so far, in publish order (duplicates included: delivery is at least once). */
  public List<Published> published() {
    return List.copyOf(published);
  }

  @Override
  public void publish(String topic, String partitionKey, ObjectNode cloudEvent) {
    if (!available.get()) {
      throw new PublishFailedException("in-process broker is unavailable", false, null);
    }
    ObjectNode copy = cloudEvent.deepCopy();
    published.add(new Published(topic, partitionKey, copy));
    delivery.execute(() -> deliver(topic, copy, 0));
  }

  private void deliver(String topic, JsonNode event, int attempt) {
    Function<JsonNode, ActivityFeed.Delivery> handler = subscribers.get(topic);
    if (handler == null) {
      return;
    }
    ActivityFeed.Delivery outcome;
    try {
      outcome = handler.apply(event);
    } catch (RuntimeException e) {
      outcome = ActivityFeed.Delivery.RETRY;
    }
    if (outcome == ActivityFeed.Delivery.RETRY && attempt < 20) {
      delivery.schedule(() -> deliver(topic, event, attempt + 1), 200, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void close() {
    delivery.shutdownNow();
  }
}
