package io.todoplatform.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;

import io.todoplatform.testkit.kafka.TopicRecorder;

/** Reads the CloudEvents the app put on Kafka, as the recorder saw them. */
public final class CloudEvents {

    private CloudEvents() {
    }

    /** A recorded Kafka message and its value parsed as a CloudEvent. */
    public record Event(TopicRecorder.Message message, JsonNode json) {
        public String type() {
            return json.path("type").asText();
        }

        public String id() {
            return json.path("id").asText();
        }

        public String subject() {
            return json.path("subject").asText();
        }

        public String topic() {
            return message.topic();
        }

        @Override
        public String toString() {
            return message.topic() + "[" + message.partition() + "@" + message.offset() + "] key=" + message.key()
                    + " " + type() + " subject=" + subject() + " id=" + id();
        }
    }

    public static List<Event> all(TopicRecorder recorder) {
        List<Event> events = new ArrayList<>();
        for (TopicRecorder.Message message : recorder.messages()) {
            try {
                events.add(new Event(message, TodoApiClient.JSON.readTree(message.value())));
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON on " + message.topic() + ": " + message.value(), e);
            }
        }
        return events;
    }

    public static List<Event> matching(TopicRecorder recorder, Predicate<Event> condition) {
        return all(recorder).stream().filter(condition).toList();
    }

    /** Events about these tasks (CloudEvent subject = task id). */
    public static List<Event> about(TopicRecorder recorder, List<String> taskIds) {
        return matching(recorder, e -> taskIds.contains(e.subject()));
    }

    /**
     * Polls the recorder until {@code condition} holds for the matching events (checked every 100 ms),
     * then returns them; fails with what was recorded when the time is up.
     */
    public static List<Event> await(TopicRecorder recorder, Predicate<Event> filter, Predicate<List<Event>> condition,
                             Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Event> events = List.of();
        while (System.nanoTime() < deadline) {
            events = matching(recorder, filter);
            if (condition.test(events)) {
                return events;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new AssertionError("waited " + timeout + " for " + what + "; recorded: " + events);
    }
}
