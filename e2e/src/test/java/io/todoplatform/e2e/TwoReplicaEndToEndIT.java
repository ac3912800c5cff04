package io.todoplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Two replicas of the backend, each {@code todo-app.jar} with its own daprd, sharing Kafka, PostgreSQL and the
 * Scheduler - the production sample's {@code replicas: 2}. The cron binding fires the sweep on both every 2 s, the
 * maintenance job fires on one. One user writes through both at once; reminders are moved again and again through
 * both; tasks are deleted while their reminder is due. Checked where it lands: Kafka and the API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoReplicaEndToEndIT {

    @TempDir
    static Path workDir;

    private TodoPlatformStack stack;

    @BeforeAll
    void startPlatform() {
        stack = TodoPlatformStack.start(workDir, TodoPlatformStack.Options.defaults().replicas(2));
    }

    @AfterAll
    void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    private TodoApiClient via(int i) {
        return stack.replica(i % 2).api;
    }

    private static <T> List<T> concurrently(int threads, List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<T> results = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void oneUsersConcurrentWritesOnBothReplicasAreAllAppliedAndEveryEventArrivesInTheUsersOrder() throws Exception {
        String user = "dora-" + TodoPlatformEndToEndIT.shortId();
        List<Callable<String>> creates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            creates.add(() -> via(n).createTask(user, Map.of("title", "task " + n), null).expect(201).path("id").asText());
        }
        List<String> ids = concurrently(16, creates);
        List<Callable<Integer>> edits = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            int n = i;
            edits.add(() -> n % 2 == 0
                    ? via(n + 1).complete(user, id, true, null).status()
                    : via(n + 1).updateTask(user, id, Map.of("title", "task " + n + " renamed"), null).status());
        }
        assertThat(concurrently(16, edits)).containsOnly(200);

        JsonNode listed = stack.replica(1).api.listTasks(user, "limit=200").expect(200).path("items");
        assertThat(listed).hasSize(40);
        List<Event> events = CloudEvents.await(stack.recorder, e -> ids.contains(e.subject()),
                l -> l.stream().map(Event::id).distinct().count() >= 80, Duration.ofSeconds(60), "80 events of " + user);
        TodoPlatformEndToEndIT.sleepUntil(Instant.now().plusSeconds(3));
        events = CloudEvents.about(stack.recorder, ids);
        Map<String, Event> firstCopies = events.stream()
                .collect(Collectors.toMap(Event::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));

        assertThat(firstCopies).as("40 created + 20 completed + 20 updated").hasSize(80);
        assertThat(events).as("delivered by the lease holder only: no duplicates").hasSize(80);
        // One sequence per user over all topics: 1..80, no gap, no repeat.
        assertThat(firstCopies.values().stream().map(e -> Long.parseLong(e.json().path("sequence").asText())).sorted())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 80).boxed().toList());
        // On each topic the user's events are in one partition, in sequence order.
        for (String topic : List.of(stack.topicTaskEvents(), stack.topicTaskUpdates())) {
            List<Event> onTopic = firstCopies.values().stream().filter(e -> e.topic().equals(topic))
                    .sorted((a, b) -> Long.compare(a.message().offset(), b.message().offset())).toList();
            assertThat(onTopic.stream().map(e -> e.message().partition()).distinct()).hasSize(1);
            List<String> sequences = onTopic.stream().map(e -> e.json().path("sequence").asText()).toList();
            assertThat(sequences).isSorted();
        }
    }

    @Test
    void remindersMovedAgainAndAgainThroughBothReplicasFireOnceAtTheirLatestTimeAndDeletedOnesNever() throws Exception {
        String user = "mona-" + TodoPlatformEndToEndIT.shortId();
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(20);
        Random random = new Random(42);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(via(i).createTask(user, Map.of("title", "r" + i, "remindAt", base.toString()), null).expect(201)
                    .path("id").asText());
        }
        // Five moves of each reminder, the two replicas taking turns, all moves of all tasks at once.
        Map<String, Instant> latest = Collections.synchronizedMap(new HashMap<>());
        for (int round = 0; round < 5; round++) {
            List<Callable<Integer>> moves = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                Instant at = base.plusMillis(random.nextInt(15_000));
                int n = i + round;
                moves.add(() -> {
                    int status = via(n).updateTask(user, id, Map.of("title", "r", "remindAt", at.toString()), null).status();
                    latest.put(id, at);
                    return status;
                });
            }
            assertThat(concurrently(10, moves)).containsOnly(200);
        }
        // Three tasks are deleted right at their reminder's moment: the trigger and the delete race.
        Map<String, Instant> deletedAt = new HashMap<>();
        List<String> deleted = ids.subList(7, 10);
        Instant last = latest.values().stream().max(Instant::compareTo).orElseThrow();
        for (String id : deleted) {
            TodoPlatformEndToEndIT.sleepUntil(latest.get(id));
            via(ids.indexOf(id)).deleteTask(user, id, null).expect(204);
            deletedAt.put(id, Instant.now());
        }
        TodoPlatformEndToEndIT.sleepUntil(last.plusSeconds(20)); // the sweeps have long had their chance too

        List<Event> fired = CloudEvents.matching(stack.recorder, e -> e.type().equals("com.todo.reminder.due")
                && e.json().path("data").path("userId").asText().equals(user));
        Map<String, List<Event>> bySubject = fired.stream().collect(Collectors.groupingBy(Event::subject));
        for (String id : ids.subList(0, 7)) {
            assertThat(bySubject.get(id)).as("reminder events of %s", id).hasSize(1);
            Event event = bySubject.get(id).get(0);
            assertThat(Instant.parse(event.json().path("data").path("task").path("remindAt").asText()))
                    .as("fired for its latest time").isEqualTo(latest.get(id));
            assertThat(Instant.parse(event.json().path("time").asText())).isAfterOrEqualTo(latest.get(id));
            assertThat(event.id()).isEqualTo("reminder-" + id + "-" + latest.get(id).toEpochMilli());
        }
        for (String id : deleted) {
            List<Event> events = bySubject.getOrDefault(id, List.of());
            assertThat(events).as("a deleted task's reminder fires at most once, and never after the delete").hasSizeLessThanOrEqualTo(1);
            events.forEach(e -> assertThat(Instant.parse(e.json().path("time").asText())).isBefore(deletedAt.get(id)));
        }
        Set<String> ids7 = Set.copyOf(ids.subList(0, 7));
        assertThat(fired.stream().filter(e -> ids7.contains(e.subject())).map(Event::id).distinct().count()).isEqualTo(7);
    }
}
