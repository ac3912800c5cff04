package io.todoplatform.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.todoplatform.testkit.dapr.DaprBinaries;
import io.todoplatform.testkit.dapr.DaprScheduler;
import io.todoplatform.testkit.dapr.DaprSidecar;
import io.todoplatform.testkit.kafka.KafkaBroker;
import io.todoplatform.testkit.postgres.PostgresServer;

/**
 * Proves the end-to-end infrastructure against the real programs: a daprd built from Dapr's own
 * sources (hack/build-dapr.sh) with the Dapr Scheduler, a Kafka broker that only accepts SASL/SCRAM-SHA-256,
 * and PostgreSQL. The Dapr resources are hand-written here until the operator's
 * {@code render --target selfhosted} output takes their place; they use the shapes the operator renders
 * (local-file secret store shaped like Kubernetes Secrets, secretKeyRef for every credential).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaprInfrastructureIT {

    static final String APP_ID = "todo-app";
    static final String SECRET_STORE = "kubernetes-secrets";
    static final String PUBSUB = "kafka-pubsub";
    static final String STATE_STORE = "statestore";
    static final String CRON_BINDING = "task-sweep";
    private static final String TOPIC = "task-events";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KafkaBroker kafka;
    private PostgresServer postgres;
    private DaprScheduler scheduler;
    private StandInApp app;
    private DaprSidecar dapr;
    // static: JUnit fills a @TempDir field before @BeforeAll only when it is static.
    @TempDir
    static Path workDir;

    @BeforeAll
    void startInfrastructure() throws IOException {
        DaprBinaries.locate().requireBuilt();
        kafka = KafkaBroker.start();
        kafka.createTopics(1, TOPIC);
        postgres = PostgresServer.start();
        scheduler = DaprScheduler.start();
        app = StandInApp.start();
        Path resources = writeResources(workDir.resolve("resources"), "SHA-256");
        dapr = DaprSidecar.builder(APP_ID)
                .appPort(app.port())
                .resourcesPath(resources)
                .config(writeConfiguration(workDir.resolve("config.yaml")))
                .scheduler(scheduler)
                .start();
    }

    @AfterAll
    void stopInfrastructure() {
        closeQuietly(dapr);
        closeQuietly(app);
        closeQuietly(scheduler);
        closeQuietly(postgres);
        closeQuietly(kafka);
    }

    @Test
    void daprdLoadsEveryComponentWithoutInitError() throws IOException {
        JsonNode metadata = JSON.readTree(dapr.metadataJson());

        List<String> loaded = new ArrayList<>();
        metadata.path("components").forEach(c -> loaded.add(c.path("name").asText() + "=" + c.path("type").asText()
                + "/" + c.path("version").asText()));
        assertThat(loaded).containsExactlyInAnyOrder(
                SECRET_STORE + "=secretstores.local.file/v1",
                PUBSUB + "=pubsub.kafka/v1",
                STATE_STORE + "=state.postgresql/v1",
                CRON_BINDING + "=bindings.cron/v1");
        assertThat(metadata.path("id").asText()).isEqualTo(APP_ID);
        assertThat(dapr.log()).doesNotContain("level=fatal").doesNotContain("INIT_COMPONENT_FAILURE");
    }

    @Test
    void ownCloudEventPublishedThroughDaprArrivesOnKafkaUnwrapped() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String cloudEvent = JSON.writeValueAsString(Map.of(
                "specversion", "1.0",
                "type", "com.todo.task.created",
                "source", APP_ID,
                "id", eventId,
                "datacontenttype", "application/json",
                "data", Map.of("taskId", "t-1", "title", "write the e2e harness")));

        try (KafkaConsumer<String, String> consumer = kafka.newConsumer("smoke-" + eventId)) {
            consumer.subscribe(List.of(TOPIC));
            HttpResponse<String> published = post("/v1.0/publish/" + PUBSUB + "/" + TOPIC + "?metadata.partitionKey=user-1",
                    "application/cloudevents+json", cloudEvent);
            assertThat(published.statusCode()).as(published.body()).isEqualTo(204);

            ConsumerRecord<String, String> record = pollFor(consumer, r -> r.value().contains(eventId), Duration.ofSeconds(30));
            JsonNode received = JSON.readTree(record.value());
            // Our own event, not Dapr's envelope (type com.dapr.event.sent with ours under data).
            assertThat(received.path("type").asText()).isEqualTo("com.todo.task.created");
            assertThat(received.path("id").asText()).isEqualTo(eventId);
            assertThat(received.path("source").asText()).isEqualTo(APP_ID);
            assertThat(received.path("data").path("title").asText()).isEqualTo("write the e2e harness");
            assertThat(record.key()).isEqualTo("user-1");
        }
    }

    @Test
    void stateSavedThroughDaprIsARowInPostgresStateTable() throws Exception {
        String key = "task-" + UUID.randomUUID();
        HttpResponse<String> saved = post("/v1.0/state/" + STATE_STORE, "application/json",
                JSON.writeValueAsString(List.of(Map.of("key", key, "value", Map.of("title", "persisted")))));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(204);

        try (Connection connection = postgres.connect();
             PreparedStatement query = connection.prepareStatement("SELECT value::text FROM state WHERE key = ?")) {
            // state.postgresql v1 prefixes keys with the app id ("<app-id>||<key>") by default.
            query.setString(1, APP_ID + "||" + key);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).as("row for %s in table state", key).isTrue();
                assertThat(JSON.readTree(row.getString(1)).path("title").asText()).isEqualTo("persisted");
            }
        }
    }

    @Test
    void jobScheduledThroughDaprTriggersTheAppWithinTwoSecondsOfItsDueTime() throws Exception {
        String name = "reminder-" + UUID.randomUUID();
        Instant due = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS);
        HttpResponse<String> scheduled = post("/v1.0-alpha1/jobs/" + name, "application/json",
                JSON.writeValueAsString(Map.of("dueTime", due.toString(), "data", Map.of("taskId", "t-1"))));
        assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(15)).until(() -> !app.callsTo("POST", "/job/" + name).isEmpty());
        StandInApp.Call trigger = app.callsTo("POST", "/job/" + name).get(0);
        Duration delay = Duration.between(due, trigger.receivedAt());
        System.out.println("job trigger delay after dueTime: " + delay.toMillis() + " ms");
        assertThat(delay).as("trigger delay after dueTime").isBetween(Duration.ofMillis(-500), Duration.ofSeconds(2));
    }

    @Test
    void publishingWorksAgainAfterKafkaIsStoppedAndRestartedOnTheSamePort() throws Exception {
        String before = kafka.bootstrapServers();
        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        kafka.restart();
        assertThat(kafka.bootstrapServers()).isEqualTo(before);

        String eventId = UUID.randomUUID().toString();
        String cloudEvent = JSON.writeValueAsString(Map.of("specversion", "1.0", "type", "com.todo.task.updated",
                "source", APP_ID, "id", eventId, "datacontenttype", "application/json", "data", Map.of("taskId", "t-2")));
        try (KafkaConsumer<String, String> consumer = kafka.newConsumer("smoke-restart-" + eventId)) {
            consumer.subscribe(List.of(TOPIC));
            // daprd's Kafka client reconnects on its own; the first attempts may still hit the old connection.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    post("/v1.0/publish/" + PUBSUB + "/" + TOPIC, "application/cloudevents+json", cloudEvent).statusCode() == 204);
            ConsumerRecord<String, String> record = pollFor(consumer, r -> r.value().contains(eventId), Duration.ofSeconds(30));
            assertThat(JSON.readTree(record.value()).path("type").asText()).isEqualTo("com.todo.task.updated");
        }
    }

    @Test
    void cronInputBindingCallsTheAppRoute() {
        // direction: input, so daprd starts the binding without first probing OPTIONS /task-sweep.
        await().atMost(Duration.ofSeconds(15)).until(() -> !app.callsTo("POST", "/" + CRON_BINDING).isEmpty());
        assertThat(app.callsTo("OPTIONS", "/" + CRON_BINDING)).isEmpty();
    }

    @Test
    void kafkaComponentWithScramPrefixedMechanismFailsToAuthenticate() throws IOException {
        // The classic mistake: components-contrib only knows "SHA-256"/"SHA-512" and silently uses PLAIN
        // for anything else, which this broker (SCRAM-SHA-256 only) refuses.
        Path resources = writeResources(workDir.resolve("resources-bad-mechanism"), "SCRAM-SHA-256");
        int brokerLogBefore = kafka.log().length();

        assertThatThrownBy(() -> DaprSidecar.builder("todo-app-wrong-mechanism")
                        .resourcesPath(resources)
                        .scheduler(scheduler)
                        .startTimeout(Duration.ofSeconds(90))
                        .start())
                .isInstanceOfSatisfying(DaprSidecar.StartFailure.class, failure ->
                        assertThat(failure.log()).contains(
                                "[INIT_COMPONENT_FAILURE]: initialization error occurred for " + PUBSUB + " (pubsub.kafka/v1)"));
        // ...and it failed because the client fell back to PLAIN, not for some unrelated reason.
        assertThat(kafka.log().substring(brokerLogBefore))
                .contains("Failed authentication with /127.0.0.1")
                .contains("Unsupported SASL mechanism PLAIN");
    }

    private Path writeResources(Path dir, String saslMechanism) throws IOException {
        Files.createDirectories(dir);
        Path secretsFile = dir.getParent().resolve("secrets-" + dir.getFileName() + ".json");
        Files.writeString(secretsFile, JSON.writeValueAsString(Map.of(
                "kafka-secrets", Map.of("username", kafka.username(), "password", kafka.password()),
                "neon-db", Map.of("connectionString", postgres.daprConnectionString()))), StandardCharsets.UTF_8);

        Files.writeString(dir.resolve("secretstore.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: secretstores.local.file
                  version: v1
                  metadata:
                    - name: secretsFile
                      value: "%s"
                    - name: multiValued
                      value: "true"
                """.formatted(SECRET_STORE, secretsFile), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("pubsub.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: pubsub.kafka
                  version: v1
                  initTimeout: 30s
                  metadata:
                    - name: brokers
                      value: "%s"
                    - name: authType
                      value: password
                    - name: saslUsername
                      secretKeyRef: {name: kafka-secrets, key: username}
                    - name: saslPassword
                      secretKeyRef: {name: kafka-secrets, key: password}
                    - name: saslMechanism
                      value: "%s"
                    - name: disableTls
                      value: "true"
                auth:
                  secretStore: %s
                """.formatted(PUBSUB, kafka.bootstrapServers(), saslMechanism, SECRET_STORE), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("statestore.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: state.postgresql
                  version: v1
                  metadata:
                    - name: connectionString
                      secretKeyRef: {name: neon-db, key: connectionString}
                auth:
                  secretStore: %s
                """.formatted(STATE_STORE, SECRET_STORE), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("cron.yaml"), """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: bindings.cron
                  version: v1
                  metadata:
                    - name: schedule
                      value: "@every 1s"
                    - name: direction
                      value: input
                """.formatted(CRON_BINDING), StandardCharsets.UTF_8);
        return dir;
    }

    private static Path writeConfiguration(Path file) throws IOException {
        Files.writeString(file, """
                apiVersion: dapr.io/v1alpha1
                kind: Configuration
                metadata:
                  name: e2e-dapr-config
                spec:
                  metrics:
                    enabled: true
                """, StandardCharsets.UTF_8);
        return file;
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(dapr.httpUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ConsumerRecord<String, String> pollFor(KafkaConsumer<String, String> consumer,
                                                         java.util.function.Predicate<ConsumerRecord<String, String>> match,
                                                         Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (match.test(record)) {
                    return record;
                }
            }
        }
        throw new AssertionError("no matching record on Kafka within " + timeout);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            // Keep closing the rest; the process logs in target/process-logs tell what went wrong.
        }
    }
}
