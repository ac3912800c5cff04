package io.todoplatform.testkit.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The API server's audit log of write requests (create, update, patch, delete): who wrote what and when, counted
 * per request even when the request changed nothing (a server-side apply that matches the live object is logged
 * like any other). Tests use it to count an operator's writes and to tell two operators' writes apart.
 */
public final class AuditLog {

    /** What the API server records: nothing, or one line per write request, with or without its body. */
    public enum Level {
        OFF(null),
        WRITES("Metadata"),
        /** Also the request body, to see exactly what a client sent. */
        WRITES_WITH_REQUESTS("Request");

        private final String auditLevel;

        Level(String auditLevel) {
            this.auditLevel = auditLevel;
        }

        /** The --audit-policy-file: reads, watches and the API server's own noise are not logged. */
        String policy() {
            return String.join("\n",
                    "apiVersion: audit.k8s.io/v1",
                    "kind: Policy",
                    "omitStages: [RequestReceived]",
                    "rules:",
                    "- level: " + auditLevel,
                    "  verbs: [create, update, patch, delete, deletecollection]",
                    "- level: None",
                    "");
        }
    }

    /** One write request as the API server saw it. */
    public record Event(
            String user,
            Map<String, List<String>> userExtra,
            String impersonatedUser,
            String verb,
            String apiGroup,
            String resource,
            String subresource,
            String namespace,
            String name,
            int code,
            Instant received,
            Instant completed,
            String requestUri,
            Optional<JsonNode> requestObject) {

        /** The user the request acted as (the impersonated one, if any). */
        public String actingUser() {
            return impersonatedUser != null ? impersonatedUser : user;
        }

        /** For a ServiceAccount token bound to a Pod: that Pod's name. */
        public Optional<String> podName() {
            List<String> names = userExtra.get("authentication.kubernetes.io/pod-name");
            return names == null || names.isEmpty() ? Optional.empty() : Optional.of(names.get(0));
        }

        /** resource or resource/subresource, with its API group: "deployments.apps", "todoplatforms.x/status". */
        public String kind() {
            String group = apiGroup == null || apiGroup.isEmpty() ? "" : "." + apiGroup;
            return resource + group + (subresource == null ? "" : "/" + subresource);
        }

        public boolean succeeded() {
            return code >= 200 && code < 300;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Every event logged so far (a line being written at the moment is skipped). */
    public List<Event> events() {
        List<Event> events = new ArrayList<>();
        if (!Files.exists(file)) {
            return events;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                parse(line).ifPresent(events::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file, e);
        }
        return events;
    }

    /** Parses one line of the log; empty for a line cut short (the server is still writing it). */
    public static Optional<Event> parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException truncated) {
            return Optional.empty();
        }
        if (node == null || !node.has("verb")) {
            return Optional.empty();
        }
        JsonNode ref = node.path("objectRef");
        Map<String, List<String>> extra = new TreeMap<>();
        node.path("user").path("extra").fields().forEachRemaining(entry -> {
            List<String> values = new ArrayList<>();
            entry.getValue().forEach(v -> values.add(v.asText()));
            extra.put(entry.getKey(), values);
        });
        return Optional.of(new Event(
                node.path("user").path("username").asText(null),
                extra,
                node.path("impersonatedUser").path("username").asText(null),
                node.path("verb").asText(),
                text(ref, "apiGroup"),
                text(ref, "resource"),
                text(ref, "subresource"),
                text(ref, "namespace"),
                text(ref, "name"),
                node.path("responseStatus").path("code").asInt(0),
                Instant.parse(node.path("requestReceivedTimestamp").asText()),
                Instant.parse(node.path("stageTimestamp").asText()),
                node.path("requestURI").asText(null),
                node.has("requestObject") ? Optional.of(node.get("requestObject")) : Optional.empty()));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
