package io.todoplatform.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.domain.ExecuteStateTransactionRequest;
import io.dapr.client.domain.State;
import io.dapr.client.domain.StateOptions;
import io.dapr.client.domain.TransactionalStateOperation;
import io.dapr.config.Properties;
import io.dapr.serializer.DaprObjectSerializer;
import io.dapr.utils.TypeRef;
import io.todoplatform.testkit.kafka.TopicRecorder;
import io.todoplatform.testkit.process.TempDirs;

/**
 * The backend's benchmark in production shape: {@code todo-app.jar} (production JVM options) beside a real daprd,
 * PostgreSQL, Kafka with SASL/SCRAM and the Dapr Scheduler, driven over HTTP. Every figure comes with a floor
 * measured in the same run through the same daprd: the bare Dapr state calls the operation needs (read the head,
 * the page, the task; one transaction with the same documents), made with the Dapr Java SDK as the app makes them.
 * Compare the ratios, not the times, between machines. Run by {@code hack/bench.sh} (not by the tests);
 * {@code --quick} runs smaller sizes.
 */
public final class PlatformBenchmark {
    private static final StateOptions GUARDED = new StateOptions(StateOptions.Consistency.STRONG,
            StateOptions.Concurrency.FIRST_WRITE);
    private static final List<String> PRODUCTION_JVM = appJvm();
    private static final int REMINDER_WARM_UP_WAVES = 3;

    private final boolean quick;
    /** --only=operations|burst|users|reminders: one section (to look into it), else all. */
    private final String only;
    private final TodoPlatformStack stack;
    private final DaprClient dapr;
    private final String store;
    private final StringBuilder report = new StringBuilder();
    /** Rows of the CPU table printed after the operations' table: where each operation's time goes. */
    private final List<String> cpu = new ArrayList<>();
    private boolean remindersWarm;

    private PlatformBenchmark(boolean quick, String only, TodoPlatformStack stack) {
        this.quick = quick;
        this.only = only;
        this.stack = stack;
        this.store = stack.appEnvironment.get("TODO_STATESTORE_NAME");
        Bytes bytes = new Bytes();
        this.dapr = new DaprClientBuilder()
                .withPropertyOverride(Properties.GRPC_PORT, Integer.toString(stack.dapr.grpcPort()))
                .withPropertyOverride(Properties.HTTP_PORT, Integer.toString(stack.dapr.httpPort()))
                .withObjectSerializer(bytes).withStateSerializer(bytes).build();
    }

    /** The heap the image gives the app, BENCH_JFR's recording, and BENCH_APP_JVM's options (a profiler, a JIT flag). */
    private static List<String> appJvm() {
        List<String> options = new ArrayList<>(List.of("-Xms256m", "-Xmx512m"));
        if (System.getProperty("bench.jfr") != null) {
            options.add("-XX:StartFlightRecording=filename=" + System.getProperty("bench.jfr")
                    + ",dumponexit=true,settings=profile");
        }
        String extra = System.getProperty("bench.appJvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return List.copyOf(options);
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        String only = List.of(args).stream().filter(a -> a.startsWith("--only=")).map(a -> a.substring(7)).findFirst()
                .orElse("all");
        Path workDir = TempDirs.create("todo-bench");
        TodoPlatformStack.Options options = TodoPlatformStack.Options.defaults().appJvm(PRODUCTION_JVM)
                .recordOnly(List.of("TODO_TOPIC_REMINDERS"));
        // --state-max-conns=N: the state store's connection pool (daprd's default: the greater of 4 and the CPUs).
        List.of(args).stream().filter(a -> a.startsWith("--state-max-conns=")).findFirst()
                .ifPresent(a -> options.stateStoreMetadata("maxConns", a.substring(a.indexOf('=') + 1)));
        try (TodoPlatformStack stack = TodoPlatformStack.start(workDir, options)) {
            PlatformBenchmark bench = new PlatformBenchmark(quick, only, stack);
            bench.run();
            bench.dapr.close();
        } finally {
            TempDirs.deleteRecursively(workDir);
        }
    }

    /** The app's view of how late the triggers came (since its start): p50 and p99 of the lateness timer. */
    private String triggerLateness() {
        String metrics = stack.api.raw("GET", "/metrics", Map.of(), null).body();
        Map<String, String> q = new HashMap<>();
        metrics.lines().filter(l -> l.startsWith("todo_reminders_trigger_lateness_seconds{quantile="))
                .forEach(l -> q.put(l.substring(l.indexOf('"') + 1, l.lastIndexOf('"')), l.substring(l.lastIndexOf(' ') + 1)));
        return String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms after their time (Scheduler and daprd, over the"
                + " app's last minutes)", Double.parseDouble(q.getOrDefault("0.5", "0")) * 1000,
                Double.parseDouble(q.getOrDefault("0.99", "0")) * 1000);
    }

    /** A counter of the app's /metrics (0 when absent). */
    private double counter(String name) {
        String metrics = stack.api.raw("GET", "/metrics", Map.of(), null).body();
        return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private boolean section(String name) {
        return only.equals("all") || only.equals(name);
    }

    /**
     * Waits until the app has delivered everything (no user pending in its relay), so that one section's background
     * work does not land in the next section's figures.
     */
    private void awaitDelivered() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = stack.api.raw("GET", "/metrics", Map.of(), null).body();
            String pending = metrics.lines().filter(l -> l.startsWith("todo_outbox_users_pending "))
                    .findFirst().orElse("todo_outbox_users_pending 1").split(" ")[1];
            if (Double.parseDouble(pending) == 0) {
                Thread.sleep(1000);
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the app did not deliver its outbox within 10 minutes");
    }

    private void run() throws Exception {
        line("Platform benchmark (" + (quick ? "quick" : "full") + (stack.options.stateStoreMetadata.isEmpty() ? ""
                : ", state store " + stack.options.stateStoreMetadata) + "), " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + ", app JVM " + String.join(" ", PRODUCTION_JVM) + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs; load average at start "
                + loadAverage());
        if (section("operations")) {
            operations();
            awaitDelivered();
        }
        if (section("burst")) {
            burst();
            awaitDelivered();
        }
        if (section("users")) {
            firstWriteVersusUsers();
            awaitDelivered();
        }
        if (section("reminders") || section("reminders-second")) {
            reminders(100, 10, Duration.ZERO, "1,000 reminders of 100 users, all due in the same second");
            awaitDelivered();
        }
        if (section("reminders") || section("reminders-minute")) {
            reminders(quick ? 200 : 1000, 10, Duration.ofSeconds(60), (quick ? "2,000" : "10,000")
                + " reminders due within one minute");
        }
        line("");
        line("load average at the end " + loadAverage());
        Path out = Path.of("target", "bench-results.md").toAbsolutePath();
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.println("\nWritten to " + out);
    }

    // ------------------------------------------------------------------ operations against their floors

    private void operations() throws Exception {
        int clients = 8;
        int requests = quick ? 300 : 1000;
        // One user per client: this table is about the cost of an operation, the burst below about contention.
        List<String> users = new ArrayList<>();
        List<String> floorUsers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            users.add("op-" + c + "-" + shortId());
            floorUsers.add("floor-" + c + "-" + shortId());
        }
        Map<String, List<String>> tasksOf = new HashMap<>();
        for (String user : concat(users, floorUsers)) {
            tasksOf.put(user, createTasks(user, 100, 8, 200));
        }
        FloorDocs floor = FloorDocs.read(this, floorUsers, tasksOf);
        awaitDelivered();

        List<Operation> operations = List.of(
                new Operation("create", i -> () -> stack.api.createTask(users.get(i % clients), Map.of("title",
                        "bench " + i, "description", "d".repeat(200), "tags", List.of("bench")), null).status(),
                        i -> () -> floor.create(i % clients)),
                new Operation("get", i -> () -> {
                    String user = users.get(i % clients);
                    List<String> ids = tasksOf.get(user);
                    return stack.api.getTask(user, ids.get(i % ids.size())).status();
                }, i -> () -> floor.get(i % clients, i)),
                new Operation("list (100 tasks, limit 50)",
                        i -> () -> stack.api.listTasks(users.get(i % clients), "limit=50").status(),
                        i -> () -> floor.list(i % clients)),
                new Operation("complete / reopen", i -> () -> {
                    String user = users.get(i % clients);
                    List<String> ids = tasksOf.get(user);
                    // Alternate per task: completing, then re-opening, each a change with its event.
                    boolean complete = (i / clients / ids.size()) % 2 == 0;
                    return stack.api.complete(user, ids.get((i / clients) % ids.size()), complete, null).status();
                }, i -> () -> floor.complete(i % clients, i)));
        // A cold run spent a third of the app's CPU in the JIT compiler, during the measured requests: warm both
        // paths first. 1,600 requests complete and re-open every task once, so the tasks end as they started.
        int warmUp = 2 * clients * 100;
        for (Operation operation : operations) {
            run(clients, warmUp, operation.app());
            run(clients, warmUp, operation.floor());
        }
        table("Operations, " + clients + " concurrent clients (one user each, users of 100 tasks and those created"
                + " here), " + requests + " requests after " + warmUp + " of each to warm up", "Operation | App"
                + " throughput | App p50 | App p99 | Floor throughput | Floor p50 | Floor p99 | App/floor p50 |"
                + " Floor/app throughput");
        for (Operation operation : operations) {
            compare(operation.name(), () -> run(clients, requests, operation.app()),
                    () -> run(clients, requests, operation.floor()));
        }

        // One user of 10,000 tasks: its index is 100 pages.
        String big = "big-" + shortId();
        String bigFloor = "bigfloor-" + shortId();
        long t0 = System.nanoTime();
        tasksOf.put(big, createTasks(big, 10_000, 32, 200));
        line("(created the 10,000 tasks of one user in " + (System.nanoTime() - t0) / 1_000_000 + " ms, 32 clients)");
        tasksOf.put(bigFloor, createTasks(bigFloor, 10_000, 32, 200));
        FloorDocs bigDocs = FloorDocs.read(this, List.of(bigFloor), tasksOf);
        awaitDelivered();
        int listRequests = quick ? 40 : 100;
        compare("list (10,000 tasks, limit 50), 2 clients", () -> run(2, listRequests, i -> () ->
                        stack.api.listTasks(big, "limit=50").status()),
                () -> run(2, listRequests, i -> () -> bigDocs.list(0)));

        table("CPU milliseconds per request, by process (the app's run includes delivering its events; all processes"
                + " share the machine's cores)", "Operation | App run | Floor run");
        cpu.forEach(this::line);
    }

    /** An operation through the app, and its floor: the bare state calls it needs. */
    private record Operation(String name, IntFunction<Callable<Integer>> app, IntFunction<Callable<Integer>> floor) {
    }

    /** The bare state calls of each operation, on documents the app wrote for floor users (no app in the path). */
    private static final class FloorDocs {
        final PlatformBenchmark bench;
        final List<String> users;
        final Map<String, List<String>> tasks;
        final Map<String, List<String>> pages = new HashMap<>();
        final byte[] outboxSample;
        final byte[] taskSample;

        private FloorDocs(PlatformBenchmark bench, List<String> users, Map<String, List<String>> tasks) {
            this.bench = bench;
            this.users = users;
            this.tasks = tasks;
            for (String user : users) {
                JsonNode head = TodoPlatformEndToEndIT.readJson(new String(bench.get("user:" + user + ":head").getValue(),
                        StandardCharsets.UTF_8));
                List<String> keys = new ArrayList<>();
                head.path("pages").forEach(p -> keys.add("user:" + user + ":page:" + p.path("n").asLong()));
                pages.put(user, keys);
            }
            // An outbox entry is a task snapshot plus its event's envelope fields.
            byte[] task = bench.get("task:" + tasks.get(users.get(0)).get(0)).getValue();
            this.taskSample = task;
            this.outboxSample = ("{\"n\":1,\"event\":{\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"CREATED\","
                    + "\"time\":\"2030-01-01T00:00:00Z\",\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-"
                    + "b7ad6b7169203331-01\",\"sequence\":1,\"task\":" + new String(task, StandardCharsets.UTF_8)
                    + "}}").getBytes(StandardCharsets.UTF_8);
        }

        static FloorDocs read(PlatformBenchmark bench, List<String> users, Map<String, List<String>> tasks) {
            return new FloorDocs(bench, users, tasks);
        }

        /** Read the head and the page with room; write head, page, a new task and its outbox entry in one transaction. */
        int create(int client) {
            String user = users.get(client);
            State<byte[]> head = bench.get("user:" + user + ":head");
            State<byte[]> page = bench.get(pages.get(user).get(pages.get(user).size() - 1));
            bench.transaction(List.of(
                    upsert(head.getKey(), head.getValue(), head.getEtag()),
                    upsert(page.getKey(), page.getValue(), page.getEtag()),
                    upsert("bench-floor:task:" + UUID.randomUUID(), taskSample, null),
                    upsert("bench-floor:outbox:" + UUID.randomUUID(), outboxSample, null)));
            return 200;
        }

        int get(int client, int i) {
            String user = users.get(client);
            bench.get("task:" + tasks.get(user).get(i % tasks.get(user).size()));
            return 200;
        }

        /** The head, the index pages (one bulk read under 2 MiB, as the app does), the 50 tasks of the answer. */
        int list(int client) {
            String user = users.get(client);
            bench.get("user:" + user + ":head");
            bench.bulk(pages.get(user));
            bench.bulk(tasks.get(user).subList(0, 50).stream().map(id -> "task:" + id).toList());
            return 200;
        }

        /** Read head, task and page; write head, page and task (etags) and the event's outbox entry. */
        int complete(int client, int i) {
            String user = users.get(client);
            String taskKey = "task:" + tasks.get(user).get(i % tasks.get(user).size());
            State<byte[]> head = bench.get("user:" + user + ":head");
            State<byte[]> task = bench.get(taskKey);
            State<byte[]> page = bench.get(pages.get(user).get(0));
            bench.transaction(List.of(
                    upsert(head.getKey(), head.getValue(), head.getEtag()),
                    upsert(page.getKey(), page.getValue(), page.getEtag()),
                    upsert(task.getKey(), task.getValue(), task.getEtag()),
                    upsert("bench-floor:outbox:" + UUID.randomUUID(), outboxSample, null)));
            return 200;
        }
    }

    State<byte[]> get(String key) {
        return dapr.getState(store, key, GUARDED, byte[].class).block(Duration.ofSeconds(10));
    }

    void bulk(List<String> keys) {
        dapr.getBulkState(store, keys, byte[].class).block(Duration.ofSeconds(10));
    }

    void transaction(List<TransactionalStateOperation<?>> operations) {
        dapr.executeStateTransaction(new ExecuteStateTransactionRequest(store).setOperations(operations))
                .block(Duration.ofSeconds(10));
    }

    static TransactionalStateOperation<byte[]> upsert(String key, byte[] value, String etag) {
        return new TransactionalStateOperation<>(TransactionalStateOperation.OperationType.UPSERT,
                new State<>(key, value, etag, GUARDED));
    }

    // ------------------------------------------------------------------ one user's burst

    private void burst() throws Exception {
        int clients = 32;
        int requests = quick ? 640 : 1600;
        String one = "burst-" + shortId();
        List<String> many = new ArrayList<>();
        for (int u = 0; u < 200; u++) {
            many.add("spread-" + u + "-" + shortId());
        }
        // Warm-up of both shapes, then the measured runs.
        run(clients, 200, i -> () -> stack.api.createTask("warm-" + (i % 50), Map.of("title", "w"), null).status());
        awaitDelivered();
        Stats oneUser = run(clients, requests, i -> () -> stack.api.createTask(one, Map.of("title", "b" + i), null).status());
        awaitDelivered();
        Stats spread = run(clients, requests, i -> () -> stack.api.createTask(many.get(ThreadLocalRandom.current()
                .nextInt(many.size())), Map.of("title", "s" + i), null).status());
        table("Burst: " + clients + " concurrent creates, " + requests + " in all", "Load | Throughput | p50 | p99 | 5xx "
                + "| other errors");
        row("one user", oneUser.throughputText(), ms(oneUser.p50), ms(oneUser.p99), oneUser.serverErrors + "",
                oneUser.otherErrors + "");
        row("spread over 200 users", spread.throughputText(), ms(spread.p50), ms(spread.p99), spread.serverErrors + "",
                spread.otherErrors + "");
        line(String.format(Locale.ROOT, "one user / 200 users throughput: %.2f (goal >= 0.5)",
                oneUser.throughput / spread.throughput));
    }

    // ------------------------------------------------------------------ a new user's first write vs the number of users

    private void firstWriteVersusUsers() throws Exception {
        int samples = quick ? 100 : 300;
        int seeded = quick ? 10_000 : 100_000;
        Stats before = run(1, samples, i -> () -> stack.api.createTask("first-a-" + i + "-" + shortId(),
                Map.of("title", "first"), null).status());
        long t0 = System.nanoTime();
        Stats seeding = run(64, seeded, i -> () -> stack.api.createTask("seed-" + i, Map.of("title", "seed"), null)
                .status());
        long seedMillis = (System.nanoTime() - t0) / 1_000_000;
        awaitDelivered();
        long drainedMillis = (System.nanoTime() - t0) / 1_000_000;
        Stats after = run(1, samples, i -> () -> stack.api.createTask("first-b-" + i + "-" + shortId(),
                Map.of("title", "first"), null).status());
        table("A new user's first create, one client, " + samples + " users each", "Users in the store | p50 | p99 "
                + "| throughput");
        row("about 0", ms(before.p50), ms(before.p99), before.throughputText());
        row(String.format(Locale.ROOT, "%,d more", seeded), ms(after.p50), ms(after.p99), after.throughputText());
        line(String.format(Locale.ROOT, "p50 with / without them: %.2f; seeding %,d users took %d ms (%s, 64 clients, "
                + "%d errors), their events all delivered after %d ms", after.p50 / before.p50, seeded, seedMillis,
                seeding.throughputText(), seeding.serverErrors + seeding.otherErrors, drainedMillis));
    }

    // ------------------------------------------------------------------ reminders through the real Scheduler

    private void reminders(int users, int perUser, Duration spread, String title) throws Exception {
        int total = users * perUser;
        if (!remindersWarm) {
            warmUpReminders();
        }
        ReminderWave wave = reminderWave(users, perUser, spread);
        List<Long> floorDelays = jobFloor(total, spread);
        Delays floor = new Delays(floorDelays);
        line("");
        line(String.format(Locale.ROOT, "(created in %d ms; every job at the Scheduler %s the first reminder was due;"
                        + " the app published %.0f reminder events for %d reminders: more than one per reminder is a"
                        + " re-publish after a failed or timed-out attempt, same id; triggers reached the app %s)",
                wave.creatingMillis(), wave.scheduledBeforeDue(), wave.published(), total, wave.triggerLateness()));
        line("(CPU from 1 s before the first was due until every event was delivered, feed and acknowledgements"
                + " included: " + wave.firingCpu() + ", on " + Runtime.getRuntime().availableProcessors() + " cores)");
        table("Reminders through the Scheduler: " + title + " (" + total + " created, " + wave.refused()
                + " refused)", "Delay | p50 | p99 | max | fired | lost | fired twice | extra Kafka copies");
        row("remindAt -> event on Kafka", wave.onTopic().p50(), wave.onTopic().p99(), wave.onTopic().max(),
                wave.fired() + "", wave.lost() + "", wave.twice() + "", wave.copies() + "");
        row("remindAt -> event `time`", wave.eventTime().p50(), wave.eventTime().p99(), wave.eventTime().max(),
                "", "", "", "");
        row("floor: " + total + " no-op jobs, same shape, through the same Scheduler to a daprd + an app that answer"
                + " at once", floor.p50(), floor.p99(), floor.max(), floorDelays.size() + "",
                (total - floorDelays.size()) + "", "", "");
    }

    /**
     * The first reminders an app fires run its trigger path cold: 44% of the app's CPU went into its JIT compiler in
     * a cold run, still 40% in a second wave. Three waves of 1,000 due in one second warm it (a long-running replica
     * is warm); each is reported, the app's CPU per wave falls from about 4.5 s to 2.6 s.
     */
    private void warmUpReminders() throws Exception {
        line("");
        for (int w = 1; w <= REMINDER_WARM_UP_WAVES; w++) {
            ReminderWave wave = reminderWave(100, 10, Duration.ZERO);
            line(String.format(Locale.ROOT, "(warm-up wave %d of %d, 1,000 reminders due in one second%s: event `time`"
                            + " p50 %s, p99 %s; %d lost; CPU %s)", w, REMINDER_WARM_UP_WAVES,
                    w == 1 ? ", the first this app fires" : "", wave.eventTime().p50(), wave.eventTime().p99(),
                    wave.lost(), wave.firingCpu()));
        }
        remindersWarm = true;
    }

    /** Delays in milliseconds, as the table shows them. */
    private record Delays(List<Long> sorted) {
        String p50() {
            return sorted.isEmpty() ? "-" : sorted.get(sorted.size() / 2) + " ms";
        }

        String p99() {
            return sorted.isEmpty() ? "-" : percentile(sorted, 0.99) + " ms";
        }

        String max() {
            return sorted.isEmpty() ? "-" : sorted.get(sorted.size() - 1) + " ms";
        }
    }

    private record ReminderWave(long creatingMillis, int refused, String scheduledBeforeDue, double published,
            String triggerLateness, String firingCpu, Delays onTopic, Delays eventTime, int fired, int lost, int twice,
            int copies) {
    }

    /** Creates {@code users} x {@code perUser} reminders due within {@code spread} (0: one second) and lets them fire. */
    private ReminderWave reminderWave(int users, int perUser, Duration spread) throws Exception {
        int total = users * perUser;
        String run = shortId();
        // The reminders must be due only once every job is at the Scheduler (a job scheduled late fires late, which
        // would measure the set-up): time a warm-up of 100 to see how long this machine takes per reminder.
        double warmAt = counter("todo_reminders_scheduled_total");
        long w0 = System.nanoTime();
        run(32, 100, i -> () -> stack.api.createTask("remwarm-" + run + "-" + (i % 10), Map.of("title", "warm",
                "remindAt", Instant.now().plus(Duration.ofHours(2)).toString()), null).status());
        while (counter("todo_reminders_scheduled_total") - warmAt < 100) {
            Thread.sleep(100);
        }
        double perReminderMillis = (System.nanoTime() - w0) / 1e6 / 100;
        Instant first = Instant.now().plusMillis((long) (perReminderMillis * total * 1.5) + 20_000)
                .truncatedTo(ChronoUnit.SECONDS);
        Map<String, Instant> remindAt = Collections.synchronizedMap(new HashMap<>());
        double scheduledAtStart = counter("todo_reminders_scheduled_total");
        double publishedAtStart = counter("todo_events_published_total{type=\"com.todo.reminder.due\"}");
        Stats creating = run(32, total, i -> () -> {
            Instant at = first.plusMillis(spread.isZero() ? ThreadLocalRandom.current().nextInt(1000)
                    : ThreadLocalRandom.current().nextLong(spread.toMillis()));
            TodoApiClient.Response r = stack.api.createTask("rem-" + run + "-" + (i % users),
                    Map.of("title", "reminder " + i, "remindAt", at.toString()), null);
            if (r.status() == 201) {
                remindAt.put(r.json().path("id").asText(), at);
            }
            return r.status();
        });
        Instant created = Instant.now();
        // When have all the jobs reached the Scheduler (through the relay)? Late jobs fire late, whatever else.
        Instant allScheduled = null;
        while (Instant.now().isBefore(first.plusSeconds(120))) {
            if (counter("todo_reminders_scheduled_total") - scheduledAtStart >= total) {
                allScheduled = Instant.now();
                break;
            }
            Thread.sleep(200);
        }
        Instant last = remindAt.values().stream().max(Instant::compareTo).orElseThrow();
        String topic = stack.topicReminders();
        // The CPU the firing costs, from just before the first is due until the events are delivered.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), first.minusSeconds(1)).toMillis()));
        ProcessCpu beforeFiring = ProcessCpu.snapshot();
        Instant deadline = last.plusSeconds(60);
        while (Instant.now().isBefore(deadline) && firedOf(topic, remindAt).keySet().size() < remindAt.size()) {
            Thread.sleep(500);
        }
        awaitDelivered();
        String firingCpu = ProcessCpu.snapshot().secondsSince(beforeFiring);
        Thread.sleep(5000); // late duplicates would show by now
        Map<String, List<TopicRecorder.Message>> fired = firedOf(topic, remindAt);
        List<Long> onTopic = new ArrayList<>();
        List<Long> eventTime = new ArrayList<>();
        int twice = 0;
        int copies = 0;
        for (Map.Entry<String, List<TopicRecorder.Message>> e : fired.entrySet()) {
            // Distinct events of the reminder (ids), and distinct Kafka records (the recorder may see a record twice).
            if (e.getValue().stream().map(m -> TodoPlatformEndToEndIT.readJson(m.value()).path("id").asText())
                    .distinct().count() > 1) {
                twice++;
            }
            long records = e.getValue().stream().map(m -> m.partition() + "@" + m.offset()).distinct().count();
            copies += (int) (records - 1);
            TopicRecorder.Message m = e.getValue().get(0);
            Instant due = remindAt.get(e.getKey());
            onTopic.add(Duration.between(due, m.receivedAt()).toMillis());
            eventTime.add(Duration.between(due, Instant.parse(TodoPlatformEndToEndIT.readJson(m.value()).path("time")
                    .asText())).toMillis());
        }
        Collections.sort(onTopic);
        Collections.sort(eventTime);
        return new ReminderWave((long) (total / creating.throughput * 1000), creating.serverErrors,
                allScheduled == null ? "never, within 2 minutes of when"
                        : Math.abs(Duration.between(allScheduled, first).toMillis()) + " ms "
                        + (allScheduled.isBefore(first) ? "before" : "after"),
                counter("todo_events_published_total{type=\"com.todo.reminder.due\"}") - publishedAtStart,
                triggerLateness(), firingCpu, new Delays(onTopic), new Delays(eventTime), fired.size(),
                remindAt.size() - fired.size(), twice, copies);
    }

    /**
     * The floor of a reminder's delay on this machine at this moment: as many jobs, due in the same pattern, through
     * the same Scheduler, to another daprd whose app (a stand-in) answers 200 at once and stores nothing. The delay
     * of each is its arrival at the stand-in minus its due time.
     */
    private List<Long> jobFloor(int total, Duration spread) throws Exception {
        Path noComponents = Files.createTempDirectory("bench-floor-resources");
        try (StandInApp standIn = StandInApp.start();
             io.todoplatform.testkit.dapr.DaprSidecar floorDaprd = io.todoplatform.testkit.dapr.DaprSidecar
                     .builder("bench-floor").appPort(standIn.port()).resourcesPath(noComponents)
                     .scheduler(stack.scheduler).startTimeout(Duration.ofSeconds(90)).start();
             DaprClient client = new DaprClientBuilder()
                     .withPropertyOverride(Properties.GRPC_PORT, Integer.toString(floorDaprd.grpcPort()))
                     .withPropertyOverride(Properties.HTTP_PORT, Integer.toString(floorDaprd.httpPort())).build()) {
            Instant first = Instant.now().plusSeconds(20 + total / 50).truncatedTo(ChronoUnit.SECONDS);
            Map<String, Instant> due = Collections.synchronizedMap(new HashMap<>());
            run(32, total, i -> () -> {
                Instant at = first.plusMillis(spread.isZero() ? ThreadLocalRandom.current().nextInt(1000)
                        : ThreadLocalRandom.current().nextLong(spread.toMillis()));
                due.put("floor-" + i, at);
                client.scheduleJob(new io.dapr.client.domain.ScheduleJobRequest("floor-" + i, at)
                        .setData("{}".getBytes(StandardCharsets.UTF_8)).setOverwrite(true)).block(Duration.ofSeconds(30));
                return 200;
            });
            Instant last = due.values().stream().max(Instant::compareTo).orElseThrow();
            while (Instant.now().isBefore(last.plusSeconds(60))
                    && standIn.calls().stream().filter(c -> c.path().startsWith("/job/floor-")).count() < total) {
                Thread.sleep(500);
            }
            List<Long> delays = new ArrayList<>();
            Map<String, Instant> arrived = new HashMap<>();
            for (StandInApp.Call call : standIn.calls()) {
                if (call.path().startsWith("/job/floor-")) {
                    arrived.putIfAbsent(call.path().substring(5), call.receivedAt());
                }
            }
            arrived.forEach((name, at) -> delays.add(Duration.between(due.get(name), at).toMillis()));
            Collections.sort(delays);
            return delays;
        } finally {
            Files.deleteIfExists(noComponents);
        }
    }

    private Map<String, List<TopicRecorder.Message>> firedOf(String topic, Map<String, Instant> remindAt) {
        return stack.recorder.messages().stream().filter(m -> m.topic().equals(topic))
                .filter(m -> remindAt.containsKey(TodoPlatformEndToEndIT.readJson(m.value()).path("subject").asText()))
                .collect(Collectors.groupingBy(m -> TodoPlatformEndToEndIT.readJson(m.value()).path("subject").asText()));
    }

    // ------------------------------------------------------------------ load and statistics

    /** {@code total} requests by {@code clients} threads; each call returns the HTTP status (or 200 for floors). */
    static Stats run(int clients, int total, IntFunction<Callable<Integer>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger otherErrors = new AtomicInteger();
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>(total));
        long start = System.nanoTime();
        try {
            List<Callable<Void>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(() -> {
                    for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = request.apply(i).call();
                        } catch (Exception e) {
                            status = -1;
                        }
                        nanos.add(System.nanoTime() - t0);
                        if (status >= 500) {
                            serverErrors.incrementAndGet();
                        } else if (status < 0 || status >= 400) {
                            otherErrors.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(workers)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return new Stats(total, total / seconds, sorted.get(sorted.size() / 2) / 1e6, percentile(sorted, 0.99) / 1e6,
                serverErrors.get(), otherErrors.get());
    }

    record Stats(int requests, double throughput, double p50, double p99, int serverErrors, int otherErrors) {
        String throughputText() {
            return String.format(Locale.ROOT, "%.0f/s", throughput);
        }
    }

    /** The app's run, then (its background delivery done) the floor's: neither sees the other's load. */
    private void compare(String operation, Callable<Stats> appRun, Callable<Stats> floorRun) throws Exception {
        awaitDelivered();
        ProcessCpu beforeApp = ProcessCpu.snapshot();
        Stats app = appRun.call();
        awaitDelivered(); // the run's background delivery belongs to its cost
        ProcessCpu afterApp = ProcessCpu.snapshot();
        Stats floor = floorRun.call();
        ProcessCpu afterFloor = ProcessCpu.snapshot();
        row(operation, app.throughputText(), ms(app.p50), ms(app.p99), floor.throughputText(), ms(floor.p50),
                ms(floor.p99), String.format(Locale.ROOT, "%.2f", app.p50 / floor.p50),
                String.format(Locale.ROOT, "%.2f", floor.throughput / app.throughput));
        cpu.add("| " + operation + " | app: " + afterApp.perRequestSince(beforeApp, app.requests) + " | floor: "
                + afterFloor.perRequestSince(afterApp, floor.requests) + " |");
        if (app.serverErrors + app.otherErrors > 0) {
            line("  (" + operation + ": " + app.serverErrors + " 5xx, " + app.otherErrors + " other errors)");
        }
    }

    private List<String> createTasks(String user, int count, int clients, int descriptionLength) throws Exception {
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        Stats s = run(clients, count, i -> () -> {
            // One user's seeding outruns its relay on a quiet machine: the app answers 503 with Retry-After once
            // 1,000 of the user's events wait (back-pressure), and a client waits and sends it again.
            TodoApiClient.Response r = stack.api.createTaskHonouringRetryAfter(user, Map.of("title",
                    String.format("task %05d", i), "description", "d".repeat(descriptionLength),
                    "tags", List.of("t" + (i % 5))));
            if (r.status() == 201) {
                ids.add(r.json().path("id").asText());
            }
            return r.status();
        });
        if (s.serverErrors + s.otherErrors > 0) {
            throw new IllegalStateException("seeding " + user + " failed " + (s.serverErrors + s.otherErrors) + " times");
        }
        return new ArrayList<>(ids);
    }

    static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.1f ms", millis);
    }

    private void table(String title, String header) {
        line("");
        line("### " + title);
        line("");
        line("| " + header + " |");
        line("|" + "---|".repeat(header.split("\\|").length));
    }

    private void row(String... cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    private void line(String text) {
        System.out.println(text);
        report.append(text).append('\n');
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** State values as raw bytes, passed through unchanged (the app's documents are JSON it wrote itself). */
    private static final class Bytes implements DaprObjectSerializer {
        @Override
        public byte[] serialize(Object o) throws IOException {
            return o == null ? null : o instanceof byte[] b ? b : TodoApiClient.JSON.writeValueAsBytes(o);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T deserialize(byte[] data, TypeRef<T> type) throws IOException {
            if (data == null || data.length == 0) {
                return null;
            }
            if (type.getType() == byte[].class) {
                return (T) data;
            }
            return TodoApiClient.JSON.readValue(data, TodoApiClient.JSON.constructType(type.getType()));
        }

        @Override
        public String getContentType() {
            return "application/json";
        }
    }
}
