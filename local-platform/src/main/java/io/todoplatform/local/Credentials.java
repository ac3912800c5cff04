package io.todoplatform.local;

import io.todoplatform.testkit.process.Polling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The secrets the launcher makes up, once, and keeps in {@code credentials.json} (owner-only) so that the data of
 * an earlier run stays usable: the Kafka user's password, the PostgreSQL role's password, the JWT signing secret
 * and one token per app-token Secret. {@code --reset} deletes them with the data.
 */
final class Credentials {

    static final String KAFKA_USER = "todo";
    static final String DATABASE = "todo";
    static final String DATABASE_USER = "todo";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ObjectNode values;

    private Credentials(Path file, ObjectNode values) {
        this.file = file;
        this.values = values;
    }

    static Credentials loadOrCreate(Path file) {
        ObjectNode values;
        if (Files.exists(file)) {
            try {
                JsonNode read = JSON.readTree(file.toFile());
                if (!(read instanceof ObjectNode object)) {
                    throw new UserError(file + " is not a JSON object; delete it (or run up --reset) to start afresh");
                }
                values = object;
            } catch (IOException e) {
                throw new UserError(file + " cannot be read (" + e.getMessage() + "); delete it (or run up --reset)");
            }
        } else {
            values = JSON.createObjectNode();
        }
        Credentials credentials = new Credentials(file, values);
        credentials.generated("kafkaPassword");
        credentials.generated("postgresPassword");
        credentials.generated("jwtSecret");
        credentials.save();
        return credentials;
    }

    /** Reads the file an earlier {@code up} wrote; for the commands that need a running platform. */
    static Credentials load(Path file) {
        if (!Files.exists(file)) {
            throw new UserError("the local platform has not been started here (" + file + " is missing); run: hack/platform.sh up");
        }
        return loadOrCreate(file);
    }

    String kafkaPassword() {
        return values.path("kafkaPassword").asText();
    }

    String postgresPassword() {
        return values.path("postgresPassword").asText();
    }

    String jwtSecret() {
        return values.path("jwtSecret").asText();
    }

    /** The token kept for an app-token (or API-token) Secret, made up on first use. */
    String token(String secretName) {
        ObjectNode tokens = values.has("tokens") ? (ObjectNode) values.get("tokens") : values.putObject("tokens");
        if (!tokens.hasNonNull(secretName)) {
            tokens.put(secretName, Polling.randomSecret());
            save();
        }
        return tokens.get(secretName).asText();
    }

    private void generated(String field) {
        if (!values.hasNonNull(field) || values.get(field).asText().isBlank()) {
            values.put(field, Polling.randomSecret());
        }
    }

    private void save() {
        try {
            PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(values));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
