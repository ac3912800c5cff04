package io.todoplatform.testkit.kafka;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.FreePorts;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.Polling;
import io.todoplatform.testkit.process.ProcessOptions;
import io.todoplatform.testkit.process.ProcessStarter;
import io.todoplatform.testkit.process.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A real Apache Kafka broker (the Maven Central release of {@code kafka_2.13}, KRaft mode, combined
 * broker + controller) in its own JVM, for end-to-end tests.
 *
 * <p>Clients connect to {@link #bootstrapServers()}, a SASL_PLAINTEXT listener that only accepts
 * SCRAM-SHA-256, the mechanism Redpanda Cloud uses; the test user is created when the storage is
 * formatted ({@code kafka-storage format --add-scram}). A second, unauthenticated listener
 * ({@link #internalBootstrapServers()}) carries broker-internal traffic and test set-up (topics).
 * Every listener is on 127.0.0.1 and on a port that was free at construction time; {@link #restart}
 * brings the broker back on the same ports with the same data, as after an outage.
 *
 * <p>The broker JVM's classpath is this module's resolved test classpath, written by the
 * maven-dependency-plugin (see {@link #dependencyClasspath}).
 *
 * <p>{@link #builder()} also makes a broker that outlives its process (the local platform's): storage in a
 * directory of its own, formatted once and reopened by every later start, on given ports, with given credentials.
 */
public final class KafkaBroker implements AutoCloseable {

    public static final String SCRAM_MECHANISM = "SCRAM-SHA-256";
    private static final String SASL_LISTENER = "SASL_PLAINTEXT";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180); // 2 shared cores under load

    private final Path workDir;
    private final Path logFile;
    private final int saslPort;
    private final int internalPort;
    private final int controllerPort;
    private final String username;
    private final String password;
    private final String classpath;
    private final boolean persistent;
    private final ProcessStarter starter;
    private ManagedProcess process;

    private KafkaBroker(Builder builder) {
        this.persistent = builder.dir != null;
        this.workDir = persistent ? builder.dir : TempDirs.create("todo-e2e-kafka");
        this.logFile = builder.logFileOr(
                Environment.outputDir().resolve("kafka-" + workDir.getFileName() + ".log"));
        this.saslPort = builder.saslPort > 0 ? builder.saslPort : FreePorts.next();
        this.internalPort = builder.internalPort > 0 ? builder.internalPort : FreePorts.next();
        this.controllerPort = builder.controllerPort > 0 ? builder.controllerPort : FreePorts.next();
        this.username = builder.username;
        this.password = builder.password != null ? builder.password : Polling.randomSecret();
        this.classpath = dependencyClasspath();
        this.starter = builder.starter();
    }

    /** Formats fresh storage in a temp dir, starts the broker and waits until it answers. */
    public static KafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    private KafkaBroker launch() {
        writeConfig();
        boolean reopen = persistent && Files.exists(workDir.resolve("data").resolve("meta.properties"));
        if (!reopen) {
            TempDirs.deleteRecursively(workDir.resolve("data"));
            format();
        }
        startProcess();
        if (reopen) {
            // The caller's password is the truth (e.g. a regenerated secrets file): the user follows it.
            upsertScramCredential();
        }
        return this;
    }

    /** host:port of the SASL_PLAINTEXT listener (SCRAM-SHA-256 with {@link #username()}/{@link #password()}). */
    public String bootstrapServers() {
        return "127.0.0.1:" + saslPort;
    }

    /** host:port of the unauthenticated listener; for test set-up only, never for the code under test. */
    public String internalBootstrapServers() {
        return "127.0.0.1:" + internalPort;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public Path logFile() {
        return logFile;
    }

    /** The broker's log so far (all runs of this broker: a restart appends). */
    public String log() {
        return ManagedProcess.readLog(logFile);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Client properties for the SASL listener with the test user, e.g. for a consumer that checks what
     * the code under test published.
     */
    public Map<String, Object> saslClientProperties() {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        props.put(SaslConfigs.SASL_MECHANISM, SCRAM_MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + username + "\" password=\"" + password + "\";");
        return props;
    }

    /** A String/String consumer on the SASL listener with the test user, reading from the earliest offset. */
    public KafkaConsumer<String, String> newConsumer(String groupId) {
        Map<String, Object> props = saslClientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /**
     * The values on a topic, every partition from its first offset, as a new consumer sees them within {@code wait}
     * (for a failing test's message: what the broker holds, whatever the code under test's own consumers saw).
     */
    public List<String> readFromBeginning(String topic, Duration wait) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = newConsumer("unused-" + topic)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, wait).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        } catch (RuntimeException e) {
            values.add("(cannot read " + topic + ": " + e + ")");
        }
        return values;
    }

    /** Creates topics (ignoring ones that exist) through the internal listener. */
    public void createTopics(int partitions, String... topics) {
        try (Admin admin = internalAdmin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, partitions, (short) 1));
            }
            admin.createTopics(newTopics).values().forEach((topic, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + topic, e);
                }
            });
        }
    }

    /**
     * Waits until a consumer group (e.g. daprd's subscription, whose group is the app-id) is stable with
     * every partition of these topics assigned: a subscriber starting at the newest offset only sees
     * what is published after that.
     */
    public void awaitConsumerGroupAssigned(String groupId, Duration timeout, String... topics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not described yet";
        while (System.nanoTime() < deadline) {
            try (Admin admin = internalAdmin()) {
                var description = admin.describeConsumerGroups(List.of(groupId)).all().get(10, TimeUnit.SECONDS).get(groupId);
                java.util.Set<String> assignedTopics = new java.util.HashSet<>();
                int assignedPartitions = 0;
                for (var member : description.members()) {
                    for (var partition : member.assignment().topicPartitions()) {
                        assignedTopics.add(partition.topic());
                        assignedPartitions++;
                    }
                }
                int expectedPartitions = 0;
                for (var topic : admin.describeTopics(List.of(topics)).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    expectedPartitions += topic.partitions().size();
                }
                last = description.groupState() + ", topics " + assignedTopics + ", " + assignedPartitions + " partitions";
                if (description.groupState() == org.apache.kafka.common.GroupState.STABLE
                        && assignedTopics.containsAll(List.of(topics)) && assignedPartitions == expectedPartitions) {
                    return;
                }
            } catch (Exception e) {
                last = e.toString();
            }
            Polling.sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException("consumer group " + groupId + " not assigned " + List.of(topics) + " within "
                + timeout + " (last: " + last + ")");
    }

    /** Stops the broker (controlled shutdown, SIGKILL after 30 s); its data and ports are kept for {@link #restart}. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
            process = null;
        }
    }

    /** Starts the stopped broker again on the same ports with the same data. */
    public void restart() {
        stop();
        startProcess();
    }

    @Override
    public void close() {
        stop();
        if (!persistent) {
            TempDirs.deleteRecursively(workDir);
        }
    }

    private void upsertScramCredential() {
        try (Admin admin = internalAdmin()) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(username,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), password)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set the SCRAM credential of " + username + " on the reopened broker", e);
        }
    }

    private void writeConfig() {
        TempDirs.createDirectories(workDir);
        Properties props = new Properties();
        props.setProperty("process.roles", "broker,controller");
        props.setProperty("node.id", "1");
        props.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.setProperty("listeners", SASL_LISTENER + "://127.0.0.1:" + saslPort
                + ",INTERNAL://127.0.0.1:" + internalPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.setProperty("advertised.listeners", SASL_LISTENER + "://127.0.0.1:" + saslPort
                + ",INTERNAL://127.0.0.1:" + internalPort);
        props.setProperty("listener.security.protocol.map",
                SASL_LISTENER + ":SASL_PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.setProperty("inter.broker.listener.name", "INTERNAL");
        props.setProperty("controller.listener.names", "CONTROLLER");
        // Only SCRAM-SHA-256: a client that falls back to PLAIN (the classic saslMechanism mistake)
        // must be refused, not accepted.
        props.setProperty("sasl.enabled.mechanisms", SCRAM_MECHANISM);
        props.setProperty("listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        props.setProperty("log.dirs", workDir.resolve("data").toString());
        props.setProperty("num.partitions", "1");
        props.setProperty("auto.create.topics.enable", "true");
        props.setProperty("offsets.topic.replication.factor", "1");
        props.setProperty("offsets.topic.num.partitions", "1");
        props.setProperty("transaction.state.log.replication.factor", "1");
        props.setProperty("transaction.state.log.min.isr", "1");
        props.setProperty("share.coordinator.state.topic.replication.factor", "1");
        props.setProperty("share.coordinator.state.topic.min.isr", "1");
        // A consumer group of one member should not wait 3 s for others to join.
        props.setProperty("group.initial.rebalance.delay.ms", "0");
        try (var out = Files.newBufferedWriter(workDir.resolve("server.properties"), StandardCharsets.UTF_8)) {
            props.store(out, "written by io.todoplatform.e2e.support.KafkaBroker");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka config", e);
        }
        String logback = """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.apache.kafka.clients" level="WARN"/>
                  <root level="INFO"><appender-ref ref="OUT"/></root>
                </configuration>
                """;
        try {
            Files.writeString(workDir.resolve("logback.xml"), logback, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Kafka logging config", e);
        }
    }

    private void format() {
        // The SCRAM credential goes into the cluster metadata at format time, so the user exists before
        // the first client connects.
        List<String> command = javaCommand("kafka.tools.StorageTool");
        command.addAll(List.of("format", "--config", workDir.resolve("server.properties").toString(),
                "--cluster-id", Uuid.randomUuid().toString(),
                "--add-scram", SCRAM_MECHANISM + "=[name=" + username + ",password=" + password + "]"));
        ManagedProcess.runToCompletion("kafka-storage format", command, workDir.resolve("format.log"),
                Duration.ofSeconds(120), List.of(password));
    }

    private void startProcess() {
        List<String> command = javaCommand("kafka.Kafka");
        command.add(workDir.resolve("server.properties").toString());
        process = starter.start("kafka", command, logFile, Map.of(), null);
        try {
            awaitReady();
        } catch (RuntimeException e) {
            // The caller gets no broker to close: stop it here, or it outlives the test run.
            process.stop(Duration.ofSeconds(5));
            throw e;
        }
    }

    private List<String> javaCommand(String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(Environment.javaExecutable().toString());
        command.addAll(List.of("-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + workDir.resolve("logback.xml"),
                "-cp", classpath, mainClass));
        return command;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            process.assertAlive();
            try (Admin admin = internalAdmin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
            }
            Polling.sleep(Duration.ofMillis(300));
        }
        throw new IllegalStateException("Kafka did not answer on " + internalBootstrapServers() + " within "
                + START_TIMEOUT + " (log: " + logFile + ")", last);
    }

    private Admin internalAdmin() {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, internalBootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(props);
    }

    /**
     * The broker JVM's classpath: the file named by {@code todo.kafka.classpath.file} (Surefire's own classpath is
     * a manifest-only jar, so test modules write theirs with the dependency plugin), else this JVM's classpath.
     */
    private static String dependencyClasspath() {
        String configured = System.getProperty("todo.kafka.classpath.file");
        if (configured == null) {
            return System.getProperty("java.class.path");
        }
        Path file = Paths.get(configured).toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the Kafka broker's classpath file " + file + " is missing; the module's"
                    + " build writes it in generate-test-resources (run the tests through Maven)");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Options of a broker; {@link #start()} starts it. Every default is what {@link KafkaBroker#start()} uses. */
    public static final class Builder extends ProcessOptions<Builder> {
        private Path dir;
        private int saslPort;
        private int internalPort;
        private int controllerPort;
        private String username = "todo-e2e";
        private String password;

        private Builder() {
        }

        /**
         * A directory that outlives the broker: its storage is formatted there on the first start and reopened by
         * the later ones (topics, records and offsets kept), and {@link KafkaBroker#close()} keeps it. Default: a
         * temp dir, deleted on close.
         */
        public Builder persistentDir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** The 127.0.0.1 ports of the SASL, internal and controller listeners; 0 = a free one. */
        public Builder ports(int saslPort, int internalPort, int controllerPort) {
            this.saslPort = saslPort;
            this.internalPort = internalPort;
            this.controllerPort = controllerPort;
            return this;
        }

        /** The SCRAM-SHA-256 user; default {@code todo-e2e} with a random password. */
        public Builder credentials(String username, String password) {
            this.username = username;
            this.password = password;
            return this;
        }



        /** Formats (or reopens) the storage, starts the broker and waits until it answers. */
        public KafkaBroker start() {
            return new KafkaBroker(this).launch();
        }
    }
}
