package io.todoplatform.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * A local platform for one test class, away from a developer's own: its home under target/, samples/local.yaml
 * with free ports for the backend and the Kafka broker, and a free block for the launcher's other ports. Runs the
 * launcher's commands in this JVM, as hack/platform.sh runs them in its own.
 */
final class TestPlatform {

    static final YAMLMapper YAML = new YAMLMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^  export TOKEN=(\\S+)$");

    final Path home;
    final Path todoPlatform;
    final int portBase;
    final int backendPort;
    final int kafkaPort;
    final int chatPort;
    private final java.util.Set<Integer> handedOut = new java.util.HashSet<>();

    TestPlatform(String name) {
        Path target = Path.of(System.getProperty("todo.repo.root"), "local-platform", "target");
        this.home = target.resolve(name + "-" + System.currentTimeMillis());
        this.portBase = freeBlock();
        this.backendPort = freePortOutside();
        this.kafkaPort = freePortOutside();
        this.chatPort = freePortOutside();
        this.todoPlatform = home.resolveSibling(home.getFileName() + "-todoplatform.yaml");
        try {
            ObjectNode cr = (ObjectNode) YAML.readTree(Path.of(System.getProperty("todo.repo.root"), "samples/local.yaml").toFile());
            ((ObjectNode) cr.path("spec").path("backend")).put("port", backendPort);
            ((ObjectNode) cr.path("spec").path("pubsub")).putArray("brokers").add("127.0.0.1:" + kafkaPort);
            Files.createDirectories(target);
            YAML.writeValue(todoPlatform.toFile(), cr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A launcher command with this platform's home; its exit status and what it printed. */
    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--home", home.toString()));
        int status = LocalPlatform.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
        Result result = new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        // In the test's report (target/surefire-reports/*-output.txt): what a user would have seen, with timings.
        System.out.println("$ hack/platform.sh " + String.join(" ", all) + "\n" + result);
        return result;
    }

    /** {@code up} with this platform's file and ports. */
    Result up(String... extra) {
        List<String> args = new ArrayList<>(List.of("up", "-f", todoPlatform.toString(), "--port-base",
                Integer.toString(portBase), "--chat-port", Integer.toString(chatPort)));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    String backendUrl() {
        return "http://127.0.0.1:" + backendPort;
    }

    RunDir runDir() {
        return new RunDir(home.resolve("run"));
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest.Builder get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET();
    }

    /** A command's outcome. */
    record Result(int status, String out, String err) {
        /** The token of the summary's {@code export TOKEN=...} line. */
        String token() {
            Matcher matcher = TOKEN_LINE.matcher(out);
            if (!matcher.find()) {
                throw new AssertionError("no export TOKEN line in:\n" + out + err);
            }
            return matcher.group(1);
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    /** A block of free ports for --port-base, below the ephemeral range like the default. */
    private static int freeBlock() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 30_000 - LocalPorts.SIZE);
            boolean free = true;
            for (int port = base; port < base + LocalPorts.SIZE && free; port++) {
                free = Prerequisites.free(port);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + LocalPorts.SIZE + " free ports between 20000 and 30000");
    }

    /** A free port below the block (which starts at 20000), not handed out before. */
    private int freePortOutside() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(10_000, 20_000);
            if (Prerequisites.free(port) && handedOut.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port between 10000 and 20000");
    }
}
