package io.todoplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.todoplatform.e2e.CloudEvents.Event;

/**
 * Faults on the real programs, two replicas: PostgreSQL down and back, a daprd killed and restarted, the app
 * SIGKILLed between commit and publish, the Scheduler restarted with jobs pending. In each, nothing a client was
 * told is done gets lost: its events reach Kafka (once), its reminders fire (once).
 *
 * <p>The crash between commit and publish uses the app's test hook: replica 0 runs with
 * {@code -Dtodo.test.halt-after-commit-of-title=HALT-AFTER-COMMIT} and halts (like SIGKILL: no shutdown hook, no
 * flush) right after committing a task with that title, before anything is published.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultToleranceEndToEndIT {
    private static final String HALT_TITLE = "HALT-AFTER-COMMIT";

    @TempDir
    static Path workDir;

    private TodoPlatformStack stack;

    @BeforeAll
    void startPlatform() {
        stack = TodoPlatformStack.start(workDir, TodoPlatformStack.Options.defaults().replicas(2)
                .replicaEnv(0, "JAVA_TOOL_OPTIONS", "-Dtodo.test.halt-after-commit-of-title=" + HALT_TITLE));
    }

    @AfterAll
    void stopPlatform() {
        if (stack != null) {
            stack.close();
        }
    }

    private List<Event> remindersOf(String user) {
        return CloudEvents.matching(stack.recorder, e -> e.type().equals("com.todo.reminder.due")
                && e.json().path("data").path("userId").asText().equals(user));
    }

    private Map<String, Instant> createReminders(TodoApiClient api, String user, Instant first, int count) {
        Map<String, Instant> reminders = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Instant at = first.plusSeconds(i);
            reminders.put(api.createTask(user, Map.of("title", "r" + i, "remindAt", at.toString()), null).expect(201)
                    .path("id").asText(), at);
        }
        return reminders;
    }

    private void assertFiredOnceEach(String user, Map<String, Instant> reminders, Duration within) {
        Instant last = reminders.values().stream().max(Instant::compareTo).orElseThrow();
        CloudEvents.await(stack.recorder, e -> e.type().equals("com.todo.reminder.due")
                        && reminders.containsKey(e.subject()),
                l -> l.stream().map(Event::subject).collect(Collectors.toSet()).containsAll(reminders.keySet()),
                Duration.between(Instant.now(), last).plus(within), "a reminder event for each of " + reminders.keySet());
        TodoPlatformEndToEndIT.sleepUntil(Instant.now().plusSeconds(5)); // time for a duplicate to show
        Map<String, Long> copies = remindersOf(user).stream().collect(Collectors.groupingBy(Event::subject,
                Collectors.counting()));
        assertThat(copies).as("reminder events per task").containsOnlyKeys(reminders.keySet())
                .allSatisfy((id, n) -> assertThat(n).as("events of %s", id).isEqualTo(1L));
        for (Event event : remindersOf(user)) {
            assertThat(Instant.parse(event.json().path("time").asText())).isAfterOrEqualTo(reminders.get(event.subject()));
        }
    }

    @Test
    void postgresDownAndBackLosesNothingAndARemindersDueDuringTheOutageFireOnceAfterIt() {
        String user = "pia-" + TodoPlatformEndToEndIT.shortId();
        TodoApiClient api = stack.replica(1).api;
        Map<String, Instant> reminders = createReminders(api, user, Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(10), 3);
        String before = api.createTask(user, Map.of("title", "before the outage"), null).expect(201).path("id").asText();

        stack.postgres.stop();
        Instant down = Instant.now();
        TodoApiClient.Response refused = api.createTask(user, Map.of("title", "during the outage"), null);
        assertThat(refused.status()).as("a change the store cannot take is refused whole").isEqualTo(503);
        assertThat(refused.header("Retry-After")).isNotBlank();
        TodoPlatformEndToEndIT.sleepUntil(reminders.values().stream().max(Instant::compareTo).orElseThrow().plusSeconds(5));
        System.out.println("PostgreSQL was down for " + Duration.between(down, Instant.now()).toMillis()
                + " ms, covering the reminders' moments");
        stack.postgres.restart();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                api.createTask(user, Map.of("title", "after the outage"), null).status() == 201);
        assertFiredOnceEach(user, reminders, Duration.ofSeconds(60));
        JsonNode titles = api.listTasks(user, "limit=200").expect(200).path("items");
        assertThat(titles.findValuesAsText("title")).doesNotContain("during the outage").contains("before the outage",
                "after the outage");
        // At least once, with one id: a delivery whose record could not be written while the store was down is
        // published again after it, as the same event (consumers deduplicate by id).
        CloudEvents.await(stack.recorder, e -> e.subject().equals(before),
                l -> !l.isEmpty() && l.stream().map(CloudEvents.Event::id).distinct().count() == 1,
                Duration.ofSeconds(30), "the created event of the task made before the outage, under one id");
    }

    @Test
    void aKilledDaprdLosesNothingItsAppWasToldAndTheOtherReplicaServesMeanwhile() {
        String user = "kim-" + TodoPlatformEndToEndIT.shortId();
        TodoPlatformStack.Replica zero = stack.replica(0);
        Map<String, Instant> reminders = createReminders(zero.api, user, Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(12), 3);
        List<String> created = new ArrayList<>(reminders.keySet());
        created.add(zero.api.createTask(user, Map.of("title", "just before the kill"), null).expect(201).path("id").asText());

        zero.killDaprd();
        assertThat(zero.api.createTask(user, Map.of("title", "sidecar gone"), null).status()).isEqualTo(503);
        created.add(stack.replica(1).api.createTask(user, Map.of("title", "on the other replica"), null).expect(201)
                .path("id").asText());
        TodoPlatformEndToEndIT.sleepUntil(Instant.now().plusSeconds(8));
        zero.startDaprd();
        zero.app.awaitReady(Duration.ofSeconds(60));

        List<Event> events = CloudEvents.await(stack.recorder, e -> created.contains(e.subject())
                        && e.type().equals("com.todo.task.created"),
                l -> l.stream().map(Event::subject).distinct().count() == created.size(), Duration.ofSeconds(90),
                "a created event for each of " + created);
        assertThat(events.stream().map(Event::id).distinct()).hasSize(created.size());
        assertFiredOnceEach(user, reminders, Duration.ofSeconds(60));
    }

    @Test
    void anAppKilledBetweenCommitAndPublishLosesNothingAnotherReplicaDeliversIt() {
        String user = "hal-" + TodoPlatformEndToEndIT.shortId();
        TodoPlatformStack.Replica zero = stack.replica(0);
        zero.api.createTask(user, Map.of("title", "warm-up"), null).expect(201);

        assertThatThrownBy(() -> zero.api.createTask(user, Map.of("title", HALT_TITLE + " 1"), null))
                .as("the app halts before it answers").isInstanceOf(UncheckedIOException.class);
        Instant crashed = Instant.now();
        assertThat(zero.app.awaitExit(Duration.ofSeconds(10))).as("exit code of the halted app").contains(137);

        // Committed: the task is there, through the other replica.
        JsonNode items = stack.replica(1).api.listTasks(user, "limit=200").expect(200).path("items");
        String id = null;
        for (JsonNode item : items) {
            if (item.path("title").asText().equals(HALT_TITLE + " 1")) {
                id = item.path("id").asText();
            }
        }
        assertThat(id).as("the committed task").isNotNull();
        String taskId = id;
        // Its event was never published by the dead replica: the live one finds it through the dead one's relay
        // marker once its heartbeat is stale (30 s), without walking users.
        List<Event> events = CloudEvents.await(stack.recorder, e -> e.subject().equals(taskId), l -> !l.isEmpty(),
                Duration.ofSeconds(90), "the created event of the task committed before the crash");
        System.out.println("Event of a task committed just before a crash published " + Duration.between(crashed,
                events.get(0).message().receivedAt()).toMillis() + " ms after the crash, by the other replica");
        TodoPlatformEndToEndIT.sleepUntil(Instant.now().plusSeconds(5));
        assertThat(CloudEvents.about(stack.recorder, List.of(taskId))).hasSize(1);

        zero.startApp(); // the container restarts; a new replica id
        zero.app.awaitReady(Duration.ofSeconds(60));
        assertThat(zero.api.getTask(user, taskId).expect(200).path("title").asText()).isEqualTo(HALT_TITLE + " 1");
    }

    @Test
    void theSchedulerRestartedWithJobsPendingFiresEachOnce() {
        String user = "sam-" + TodoPlatformEndToEndIT.shortId();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TodoApiClient api = stack.replica(1).api;
        Map<String, Instant> all = createReminders(api, user, start.plusSeconds(12), 3);
        all.putAll(createReminders(api, user, start.plusSeconds(50), 3));
        TodoPlatformEndToEndIT.sleepUntil(start.plusSeconds(6)); // their jobs are scheduled through the outbox by now

        stack.scheduler.kill();
        TodoPlatformEndToEndIT.sleepUntil(start.plusSeconds(20));
        Instant restarted = Instant.now();
        stack.scheduler.restart();

        assertFiredOnceEach(user, all, Duration.ofSeconds(60));
        // daprd reconnects to a restarted Scheduler on its own back-off: a reminder fires when it is due and a
        // sidecar is connected again, whichever is later, and not much after.
        Instant reconnected = stack.replicas.stream().map(r -> lastSchedulerConnection(r.dapr.log()))
                .min(Instant::compareTo).orElseThrow();
        System.out.println("daprd reconnected to the restarted Scheduler " + Duration.between(restarted, reconnected)
                .toMillis() + " ms after its restart");
        for (Event event : remindersOf(user)) {
            Instant due = all.get(event.subject());
            Instant expected = due.isAfter(reconnected) ? due : reconnected;
            assertThat(Duration.between(expected, event.message().receivedAt()))
                    .as("reminder due %s fired %s", due, event.message().receivedAt()).isLessThan(Duration.ofSeconds(3));
        }
    }

    /** When daprd last (re)connected its job stream to the Scheduler, from its log. */
    private static Instant lastSchedulerConnection(String daprdLog) {
        Instant last = null;
        for (String line : daprdLog.split("\\R")) {
            if (line.contains("Scheduler stream connected") && line.startsWith("time=\"")) {
                last = Instant.parse(line.substring(6, line.indexOf('"', 6)));
            }
        }
        if (last == null) {
            throw new AssertionError("daprd never connected to the Scheduler");
        }
        return last;
    }
}
