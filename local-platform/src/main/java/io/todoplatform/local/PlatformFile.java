package io.todoplatform.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The TodoPlatform file the local platform runs, and what only the local platform requires of it. The operator's
 * {@code render} has already checked it is a valid TodoPlatform; here: the Kafka broker is the one the launcher
 * starts (one 127.0.0.1 address, SASL/SCRAM-SHA-256 as in production, no TLS, which the local broker has not).
 */
final class PlatformFile {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final Path path;
    private final JsonNode spec;

    private PlatformFile(Path path, JsonNode spec) {
        this.path = path;
        this.spec = spec;
    }

    static PlatformFile read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserError("no TodoPlatform file " + path + " (give one with -f FILE; the default is samples/local.yaml)");
        }
        try {
            return new PlatformFile(path, YAML.readTree(path.toFile()).path("spec"));
        } catch (IOException e) {
            throw new UserError(path + " is not YAML: " + e.getMessage());
        }
    }

    Path path() {
        return path;
    }

    /** Field paths and what is wrong with them, for the local platform; empty when it can run this file. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        JsonNode brokers = spec.path("pubsub").path("brokers");
        if (brokers.size() != 1 || kafkaPort() < 0) {
            problems.add("spec.pubsub.brokers: the local platform starts one Kafka broker on this machine; give one"
                    + " address 127.0.0.1:PORT (got " + brokers + ")");
        }
        String authType = spec.path("pubsub").path("auth").path("type").asText("none");
        if (!"scram-sha-256".equals(authType)) {
            problems.add("spec.pubsub.auth.type: the local Kafka broker accepts SASL/SCRAM-SHA-256 only, as in"
                    + " production; set scram-sha-256 (got " + authType + ")");
        }
        if (spec.path("pubsub").path("tls").path("enabled").asBoolean(false)) {
            problems.add("spec.pubsub.tls.enabled: the local Kafka broker has no TLS listener; set it to false");
        }
        return problems;
    }

    /** The port of the one 127.0.0.1 (or localhost) broker address, or -1. */
    int kafkaPort() {
        String address = spec.path("pubsub").path("brokers").path(0).asText("");
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            return -1;
        }
        String host = address.substring(0, colon);
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            return -1;
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            return port > 0 && port < 65536 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The Secret and keys the Kafka component reads the SASL user and password from. */
    SecretKeys kafkaSecret() {
        JsonNode ref = spec.path("pubsub").path("auth").path("secretRef");
        return new SecretKeys(ref.path("name").asText(), ref.path("usernameKey").asText("username"),
                ref.path("passwordKey").asText("password"));
    }

    /** The Secret and key the state store reads its connection string from. */
    SecretKeys databaseSecret() {
        JsonNode ref = spec.path("stateStore").path("connectionSecretRef");
        return new SecretKeys(ref.path("name").asText(), ref.path("key").asText(), null);
    }

    /** Whether traces go to an OTLP collector, which the local platform does not run. */
    boolean exportsTraces() {
        return spec.path("dapr").path("tracing").has("otlp");
    }

    /** A Secret's name and the key(s) read from it. */
    record SecretKeys(String name, String key, String secondKey) {
    }
}
