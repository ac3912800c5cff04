package io.todoplatform.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code events}: every record now on the platform's topics, read from the start as the platform's own Kafka user
 * (SASL/SCRAM-SHA-256, like the sidecars), one line each: {@code topic/partition@offset key=... value}. Partitions
 * are assigned directly (no consumer group: nothing is committed, nobody's offsets move).
 */
final class TopicDump {

    private final PlatformState state;
    private final String password;

    TopicDump(PlatformState state, Credentials credentials) {
        this.state = state;
        this.password = credentials.kafkaPassword();
    }

    /** Prints the records of these topics (all of the platform's when empty); returns how many. */
    int print(List<String> topics, PrintStream out) {
        List<String> wanted = topics.isEmpty() ? state.kafka().topics() : topics;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : wanted) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(15));
                if (infos == null || infos.isEmpty()) {
                    throw new UserError("no topic " + topic + " on " + state.kafka().bootstrapServers()
                            + " (the platform's topics: " + state.kafka().topics() + ")");
                }
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(15)));
            int printed = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    out.println(record.topic() + "/" + record.partition() + "@" + record.offset() + " key=" + record.key()
                            + " " + record.value());
                    printed++;
                }
            }
            return printed;
        }
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, state.kafka().bootstrapServers());
        properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        properties.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256");
        properties.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + state.kafka().user() + "\" password=\"" + password + "\";");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return properties;
    }
}
