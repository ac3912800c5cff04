package io.todoplatform.testkit.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import io.todoplatform.testkit.process.Polling;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

/**
 * Records every message of some topics, from their first offset, on a background thread: what the
 * code under test really put on the broker, with the moment each one arrived here. It reads as the test
 * user through the SASL/SCRAM listener and assigns the partitions itself (no consumer group, so no
 * rebalance delay and no offsets that could hide a message); while the broker is down it just retries.
 */
public final class TopicRecorder implements AutoCloseable {

    /** One message as it was on the topic. */
    public record Message(String topic, int partition, long offset, String key, String value,
                          Map<String, String> headers, Instant brokerTimestamp, Instant receivedAt) {
    }

    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<String, String> consumer;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private final List<TopicPartition> partitions;

    private TopicRecorder(KafkaBroker kafka, List<String> topics) {
        this.consumer = kafka.newConsumer("e2e-recorder-unused");
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitionsOf(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.partitions = List.copyOf(partitions);
        this.thread = new Thread(this::pollLoop, "topic-recorder");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The topic's partitions, once the broker lists them. A topic created a moment ago may not be in the metadata the
     * broker answers with yet, and the client then returns no partitions rather than an error (KAFKA-12260): recording
     * none of them would silently miss everything that topic receives.
     */
    private List<PartitionInfo> partitionsOf(String topic) {
        long deadline = System.nanoTime() + METADATA_TIMEOUT.toNanos();
        while (true) {
            List<PartitionInfo> found = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (!found.isEmpty()) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                consumer.close(Duration.ZERO);
                throw new IllegalStateException("cannot record topic " + topic + ": the broker lists no partition of it"
                        + " after " + METADATA_TIMEOUT.toSeconds() + " s; create it first");
            }
            Polling.sleep(Duration.ofMillis(100));
        }
    }

    /** Starts recording the topics (which must exist) from their beginning. */
    public static TopicRecorder start(KafkaBroker kafka, List<String> topics) {
        return new TopicRecorder(kafka, topics);
    }

    private void pollLoop() {
        try {
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), header.value() == null ? null
                                : new String(header.value(), StandardCharsets.UTF_8));
                    }
                    messages.add(new Message(record.topic(), record.partition(), record.offset(), record.key(),
                            record.value(), headers, Instant.ofEpochMilli(record.timestamp()), Instant.now()));
                }
            }
        } catch (WakeupException e) {
            // close() woke the consumer up
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The partitions it reads (for a failing test's message: a partition missing here is never recorded). */
    public List<TopicPartition> partitions() {
        return partitions;
    }

    /** Everything recorded so far, in arrival order. */
    public List<Message> messages() {
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("the topic recorder stopped: " + failed, failed);
        }
        return List.copyOf(messages);
    }

    /** Recorded messages matching a condition. */
    public List<Message> messages(Predicate<Message> condition) {
        return messages().stream().filter(condition).toList();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
