package io.todoplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the last {@code up} started ({@code platform.json}): the addresses {@code status}, {@code token} and
 * {@code events} need, and the summary {@code up} prints again when the platform already runs. No secret in it.
 */
record PlatformState(String todoPlatform, String startedAt, int portBase, Kafka kafka, Postgres postgres,
                     String scheduler, int schedulerHealthzPort, List<App> apps, String jwtIssuer, String jwtAudience,
                     String jwtMaxLifetime) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    record Kafka(String bootstrapServers, String user, List<String> topics) {
    }

    record Postgres(int port, String database, String user) {
    }

    /**
     * @param model for chat-api, the model its conversation component talks to ({@link #ECHO} or "NAME at URL");
     *              null for the other apps
     * @param modelEndpoint for chat-api, the OpenAI-compatible base URL its component calls, if it names one
     */
    record App(String appId, String program, String url, int daprHttpPort, String model, String modelEndpoint) {
        static final String ECHO = "conversation.echo";
    }

    /** The backend: the app the TodoPlatform renders first. */
    App backend() {
        return apps.get(0);
    }

    Optional<App> app(String program) {
        return apps.stream().filter(a -> a.program().equals(program)).findFirst();
    }

    void write(Path file) {
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static Optional<PlatformState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), PlatformState.class));
        } catch (IOException e) {
            throw new UserError(file + " cannot be read (" + e.getMessage() + "); run hack/platform.sh down, then up");
        }
    }

    static PlatformState require(Path file) {
        return read(file).orElseThrow(() -> new UserError(
                "the local platform is not running here (no " + file + "); start it with: hack/platform.sh up"));
    }
}
