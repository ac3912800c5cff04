package io.todoplatform.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.platform.OperatorRender;

/**
 * samples/production.yaml, the TodoPlatform the suites run, with what must differ on this machine: the test broker
 * speaks plain TCP (no TLS), still with SASL/SCRAM-SHA-256. Each suite adjusts the rest (brokers, tracing, model).
 */
public final class ProductionSample {

    private ProductionSample() {
    }

    /** The sample, checked to still use SCRAM-SHA-256 (what the suites prove), with TLS off. */
    public static ObjectNode read() {
        try {
            ObjectNode cr = (ObjectNode) OperatorRender.YAML.readTree(
                    Environment.repoRoot().resolve("samples/production.yaml").toFile());
            ObjectNode pubsub = (ObjectNode) cr.path("spec").path("pubsub");
            if (!"scram-sha-256".equals(pubsub.path("auth").path("type").asText())) {
                throw new IllegalStateException("samples/production.yaml no longer uses scram-sha-256: update the e2e tests");
            }
            ((ObjectNode) pubsub.path("tls")).put("enabled", false);
            return cr;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read samples/production.yaml", e);
        }
    }

    /** The sample pointed at the test broker, without the OpenTelemetry exporter (no collector runs here). */
    public static ObjectNode withBroker(String bootstrapServers) {
        ObjectNode cr = read();
        ObjectNode spec = (ObjectNode) cr.path("spec");
        ((ObjectNode) spec.path("pubsub")).putArray("brokers").add(bootstrapServers);
        // W3C trace context still propagates without an exporter.
        ((ObjectNode) spec.path("dapr")).remove("tracing");
        return cr;
    }

    /** Writes a TodoPlatform as YAML; returns the file. */
    public static Path write(ObjectNode cr, Path file) {
        try {
            Files.createDirectories(file.getParent());
            OperatorRender.YAML.writeValue(file.toFile(), cr);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test TodoPlatform", e);
        }
    }
}
