package io.todoplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local platform requires of a TodoPlatform beyond what render checks: its own Kafka broker. */
class PlatformFileTest {

    @TempDir
    Path dir;

    @Test
    void theLocalSampleRunsAsItIs() {
        PlatformFile local = PlatformFile.read(Path.of(System.getProperty("todo.repo.root"), "samples/local.yaml"));

        assertThat(local.problems()).isEmpty();
        assertThat(local.kafkaPort()).isEqualTo(19092);
        assertThat(local.kafkaSecret()).isEqualTo(new PlatformFile.SecretKeys("kafka-secrets", "username", "password"));
        assertThat(local.databaseSecret().name()).isEqualTo("local-db");
    }

    @Test
    void theProductionSampleIsRefusedFieldByField() {
        PlatformFile production = PlatformFile.read(Path.of(System.getProperty("todo.repo.root"), "samples/production.yaml"));

        assertThat(production.problems()).containsExactly(
                "spec.pubsub.brokers: the local platform starts one Kafka broker on this machine; give one address"
                        + " 127.0.0.1:PORT (got [\"seed-0a1b2c.redpanda.cloud:9092\"])",
                "spec.pubsub.tls.enabled: the local Kafka broker has no TLS listener; set it to false");
    }

    @Test
    void aBrokerWithoutScramIsRefused() throws Exception {
        Path file = write("""
                spec:
                  pubsub:
                    brokers: ["localhost:29092"]
                    auth: {type: none}
                """);

        assertThat(PlatformFile.read(file).problems()).containsExactly("spec.pubsub.auth.type: the local Kafka broker"
                + " accepts SASL/SCRAM-SHA-256 only, as in production; set scram-sha-256 (got none)");
        assertThat(PlatformFile.read(file).kafkaPort()).isEqualTo(29092);
    }

    @Test
    void aMissingFileAndAFileThatIsNotYamlAreNamed() throws Exception {
        assertThatThrownBy(() -> PlatformFile.read(dir.resolve("nope.yaml")))
                .isInstanceOf(UserError.class).hasMessageContaining("no TodoPlatform file " + dir.resolve("nope.yaml"));
        Path garbage = write("spec: [unclosed");
        assertThatThrownBy(() -> PlatformFile.read(garbage))
                .isInstanceOf(UserError.class).hasMessageStartingWith(garbage + " is not YAML");
    }

    private Path write(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "platform", ".yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
