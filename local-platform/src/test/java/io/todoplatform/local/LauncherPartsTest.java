package io.todoplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.platform.OperatorRender;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's small decisions: images to jars, ports, tokens, durations, the secrets it keeps. */
class LauncherPartsTest {

    @TempDir
    Path dir;

    @Test
    void anImageStandsForTheJarOfTheSameName() {
        assertThat(AppProgram.ofImage("registry.example.com/todo-app:1.0.0")).contains(AppProgram.TODO_APP);
        assertThat(AppProgram.ofImage("todo-app:local")).contains(AppProgram.TODO_APP);
        assertThat(AppProgram.ofImage("localhost:5000/team/chat-api@sha256:0123")).contains(AppProgram.CHAT_API);
        assertThat(AppProgram.ofImage("nginx:1.27")).isEmpty();
        assertThat(AppProgram.ofImage("todo-app-fork:1")).isEmpty();
    }

    @Test
    void everyPortOfTheBlockIsDistinctAndNamed() {
        LocalPorts ports = new LocalPorts(LocalPorts.DEFAULT_BASE);
        Map<Integer, String> used = ports.inUse(LocalPorts.MAX_APPS);

        // PostgreSQL, Kafka 2, the Scheduler 5, Sentry 3; five per sidecar.
        assertThat(used).hasSize(11 + 5 * LocalPorts.MAX_APPS);
        assertThat(used.get(ports.sentry())).isEqualTo("Dapr Sentry");
        assertThat(used.keySet()).allMatch(p -> p >= ports.base() && p < ports.base() + LocalPorts.SIZE);
        assertThat(used.get(ports.sidecar(1).http())).isEqualTo("the sidecar of app 2 (Dapr HTTP API)");
        assertThatThrownBy(() -> ports.sidecar(LocalPorts.MAX_APPS)).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> new LocalPorts(65500)).isInstanceOf(UserError.class)
                .hasMessageContaining("--port-base 65500");
    }

    @Test
    void aPortSomeoneListensOnIsReportedWithWhatItWasWantedFor() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Prerequisites.portsInUse(Map.of(taken.getLocalPort(), "backend (its PORT)")))
                    .containsExactly("port " + taken.getLocalPort() + " is in use on 127.0.0.1; the local platform needs"
                            + " it for backend (its PORT)");
        }
    }

    @Test
    void tokensAreWhatTheAppsAccept() {
        Instant before = Instant.now().minusSeconds(1);
        String token = new Tokens("s3cret", "https://issuer.example", "todo", null).mint("alice", Duration.ofMinutes(30));

        DecodedJWT decoded = JWT.require(Algorithm.HMAC256("s3cret")).withIssuer("https://issuer.example")
                .withAudience("todo").build().verify(token);
        assertThat(decoded.getAlgorithm()).isEqualTo("HS256");
        assertThat(decoded.getSubject()).isEqualTo("alice");
        assertThat(decoded.getExpiresAtAsInstant()).isBetween(before.plus(Duration.ofMinutes(30)),
                Instant.now().plus(Duration.ofMinutes(30)));
        assertThat(decoded.getIssuedAtAsInstant()).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(JWT.decode(new Tokens("s3cret", null, null, null).mint("bob", Duration.ofHours(1))).getClaims())
                .containsOnlyKeys("sub", "iat", "exp");
    }

    @Test
    void tokensLiveNoLongerThanTheBackendAccepts() {
        Tokens strict = new Tokens("s3cret", null, null, "PT15M");

        assertThat(strict.defaultLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(new Tokens("s3cret", null, null, "PT24H").defaultLifetime()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> strict.mint("alice", Duration.ofHours(2))).isInstanceOf(UserError.class)
                .hasMessage("--ttl: the backend accepts tokens living at most PT15M (TODO_JWT_MAX_LIFETIME); got PT2H");
        assertThatThrownBy(() -> new Tokens("s3cret", null, null, "2 hours")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("TODO_JWT_MAX_LIFETIME in spec.backend.env: an ISO-8601 duration");
    }

    @Test
    void durationsAreReadAsPeopleWriteThem() {
        assertThat(LocalPlatform.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(LocalPlatform.parseDuration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(LocalPlatform.parseDuration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(LocalPlatform.parseDuration("PT45M")).isEqualTo(Duration.ofMinutes(45));
        assertThatThrownBy(() -> LocalPlatform.parseDuration("soon")).isInstanceOf(UserError.class)
                .hasMessage("--ttl: a duration such as 90s, 30m or 2h (got soon)");
    }

    @Test
    void credentialsAreMadeUpOnceKeptOwnerOnlyAndReusedByTheNextRun() throws Exception {
        Path file = dir.resolve("credentials.json");
        Credentials first = Credentials.loadOrCreate(file);
        String token = first.token("todo-app-token");

        Credentials second = Credentials.loadOrCreate(file);
        assertThat(second.postgresPassword()).isEqualTo(first.postgresPassword()).hasSize(32);
        assertThat(second.kafkaPassword()).isEqualTo(first.kafkaPassword()).isNotEqualTo(first.postgresPassword());
        assertThat(second.jwtSecret()).isEqualTo(first.jwtSecret());
        assertThat(second.token("todo-app-token")).isEqualTo(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aDamagedCredentialsFileIsNamedNotThrownAsAStackTrace() throws Exception {
        Path file = dir.resolve("credentials.json");
        Files.writeString(file, "[1, 2]");

        assertThatThrownBy(() -> Credentials.loadOrCreate(file)).isInstanceOf(UserError.class)
                .hasMessage(file + " is not a JSON object; delete it (or run up --reset) to start afresh");
    }

    @Test
    void chatModelOptionsAreCheckedTogether() {
        assertThatThrownBy(() -> ChatOptions.of(false, null, null, "llama3.2")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("--model: give --model-endpoint too");
        assertThatThrownBy(() -> ChatOptions.of(false, null, "http://127.0.0.1:11434/v1", null))
                .isInstanceOf(UserError.class).hasMessageStartingWith("--model: name the model");
        assertThatThrownBy(() -> ChatOptions.of(false, null, "127.0.0.1:11434", "x")).isInstanceOf(UserError.class)
                .hasMessageStartingWith("--model-endpoint: an OpenAI-compatible base URL");
    }

    @Test
    void chatOptionsEditSpecChatOfACopyAndTheOperatorRendersTheResult(@TempDir Path dir) throws Exception {
        Path local = Environment.repoRoot().resolve("samples/local.yaml");
        Path edited = ChatOptions.of(false, 18080, "http://127.0.0.1:8081/v1", "qwen2.5").apply(local,
                dir.resolve("todoplatform.yaml"));
        List<JsonNode> selfHosted = OperatorRender.selfHosted(edited, dir.resolve("secrets.json"));
        JsonNode model = OperatorRender.find(selfHosted, "Component", "chat-api-model");
        assertThat(model.path("spec").path("type").asText()).isEqualTo("conversation.openai");
        assertThat(model.path("spec").path("metadata").toString()).contains("http://127.0.0.1:8081/v1", "qwen2.5",
                "chat-model-key");
        JsonNode chat = OperatorRender.find(OperatorRender.kubernetes(edited), "Deployment", "chat-api");
        assertThat(chat.path("spec").path("template").path("spec").path("containers").path(0).path("env").toString())
                .contains("\"PORT\",\"value\":\"18080\"");
        // The file given is left as it was.
        assertThat(Files.readString(local)).contains("endpoint: http://127.0.0.1:11434/v1").doesNotContain("qwen2.5");

        Path noChat = ChatOptions.of(true, null, null, null).apply(local, dir.resolve("no-chat.yaml"));
        assertThat(OperatorRender.ofKind(OperatorRender.kubernetes(noChat), "Deployment"))
                .extracting(d -> d.path("metadata").path("name").asText()).containsExactly("backend");
    }
}
