package io.todoplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.todoplatform.e2e.CloudEvents.Event;

/**
 * The broker goes away while users change tasks: every request is still accepted (the change and its
 * events are committed to PostgreSQL through the app's outbox), and once Kafka is back every event is on
 * its topic, once, in each user's order, and consumed back into the activity feed.
 *
 * <p>A class of its own: it stops the broker, and it needs topics that hold nothing but its own events
 * to count them. No app token here, so the stack also runs the way it does without one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaOutageEndToEndIT {

    @TempDir
    static Path workDir;

    private TodoPlatformStack stack;

    @BeforeAll
    void startPlatform() {
        stack = TodoPlatformStack.start(workDir, TodoPlatformStack.Options.defaults().withoutAppToken());
    }

    @AfterAll
    void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void changesDuringAKafkaOutageAreAllAcceptedAndEveryEventIsDeliveredOnceWhenKafkaIsBack() {
        String user = "olga-" + TodoPlatformEndToEndIT.shortId();
        String before = stack.api.createTask(user, Map.of("title", "before the outage"), null).expect(201).path("id").asText();
        CloudEvents.await(stack.recorder, e -> before.equals(e.subject()), l -> l.size() == 1, Duration.ofSeconds(30),
                "the created event before the outage");

        stack.kafka.stop();
        Instant outageStart = Instant.now();
        // Every change gets its answer while the broker is down: nothing is refused, nothing is lost.
        Map<String, List<String>> expectedTypes = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = stack.api.createTask(user, Map.of("title", "during outage " + i), null).expect(201).path("id").asText();
            ids.add(id);
            expectedTypes.computeIfAbsent(id, k -> new ArrayList<>()).add("com.todo.task.created");
        }
        for (int i = 0; i < 2; i++) {
            stack.api.updateTask(user, ids.get(i), Map.of("title", "edited during outage " + i), null).expect(200);
            expectedTypes.get(ids.get(i)).add("com.todo.task.updated");
        }
        for (int i = 2; i < 4; i++) {
            stack.api.complete(user, ids.get(i), true, null).expect(200);
            expectedTypes.get(ids.get(i)).add("com.todo.task.completed");
        }
        stack.api.deleteTask(user, ids.get(5), null).expect(204);
        expectedTypes.get(ids.get(5)).add("com.todo.task.deleted");
        stack.api.complete(user, before, true, null).expect(200);
        expectedTypes.put(before, new ArrayList<>(List.of("com.todo.task.created", "com.todo.task.completed")));
        int expectedEvents = expectedTypes.values().stream().mapToInt(List::size).sum();
        Duration acceptedWithin = Duration.between(outageStart, Instant.now());

        // The state is in PostgreSQL, whatever Kafka does.
        JsonNode listed = stack.api.listTasks(user, "status=all").expect(200).path("items");
        assertThat(listed).hasSize(6); // 7 tasks, one deleted
        // Let the app's relay (and daprd's retries and circuit breaker) run into the outage for a while.
        TodoPlatformEndToEndIT.sleepUntil(outageStart.plusSeconds(10));
        System.out.println("Kafka outage: " + expectedEvents + " changes accepted in " + acceptedWithin.toMillis()
                + " ms while the broker was down; events on the topics during the outage: "
                + CloudEvents.about(stack.recorder, ids).size());
        assertThat(CloudEvents.about(stack.recorder, ids)).as("nothing can reach a stopped broker").isEmpty();

        stack.kafka.restart();
        Instant back = Instant.now();
        List<String> all = new ArrayList<>(expectedTypes.keySet());
        CloudEvents.await(stack.recorder, e -> all.contains(e.subject()),
                l -> l.stream().map(Event::id).distinct().count() >= expectedEvents,
                Duration.ofSeconds(150), expectedEvents + " distinct events after Kafka is back");
        Duration recovered = Duration.between(back, Instant.now());
        // Time for late duplicates (a publish that timed out on the client but reached the broker) to show.
        TodoPlatformEndToEndIT.sleepUntil(Instant.now().plusSeconds(5));
        List<Event> events = CloudEvents.about(stack.recorder, all);
        long distinct = events.stream().map(Event::id).distinct().count();
        Map<String, Long> copies = events.stream().collect(Collectors.groupingBy(Event::id, Collectors.counting()));
        System.out.println("After Kafka came back: all " + distinct + " events on the topics within " + recovered.toMillis()
                + " ms; records " + events.size() + ", distinct CloudEvent ids " + distinct + ", duplicated ids "
                + copies.values().stream().filter(c -> c > 1).count());

        Map<String, List<String>> delivered = new HashMap<>();
        Map<String, Event> firstCopy = events.stream().collect(Collectors.toMap(Event::id, Function.identity(), (a, b) -> a));
        firstCopy.values().stream()
                .sorted((a, b) -> a.topic().equals(b.topic()) ? Long.compare(a.message().offset(), b.message().offset())
                        : a.topic().compareTo(b.topic()))
                .forEach(e -> delivered.computeIfAbsent(e.subject(), k -> new ArrayList<>()).add(e.type()));
        for (Map.Entry<String, List<String>> task : expectedTypes.entrySet()) {
            assertThat(delivered.get(task.getKey())).as("events of task %s", task.getKey())
                    .containsExactlyInAnyOrderElementsOf(task.getValue());
        }
        // Per-user order survives the outage: on task-events, created before completed/deleted.
        for (String id : all) {
            List<String> onTaskEvents = firstCopy.values().stream()
                    .filter(e -> e.subject().equals(id) && e.topic().equals(stack.topicTaskEvents()))
                    .sorted((a, b) -> Long.compare(a.message().offset(), b.message().offset()))
                    .map(Event::type).toList();
            assertThat(onTaskEvents.get(0)).as("first event of %s on task-events", id).isEqualTo("com.todo.task.created");
        }
        assertThat(events).allSatisfy(e -> assertThat(e.message().key()).isEqualTo(user));
        assertThat(copies).as("each CloudEvent on its topic exactly once (id -> copies)")
                .allSatisfy((id, count) -> assertThat(count).as("copies of %s", id).isEqualTo(1L));
        assertThat(events).hasSize(expectedEvents);

        // ...and consumed back once each through the Dapr subscription (the feed de-duplicates by id).
        Set<String> expectedIds = firstCopy.keySet();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                stack.api.activity(user).expect(200).path("items").size() >= expectedIds.size());
        JsonNode feed = stack.api.activity(user).expect(200).path("items");
        List<String> feedIds = new ArrayList<>();
        feed.forEach(item -> feedIds.add(item.path("id").asText()));
        assertThat(feedIds).containsExactlyInAnyOrderElementsOf(expectedIds);
    }
}
