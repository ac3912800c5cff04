package io.todoplatform.operator.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as its own JVM process, started the way the image starts it: `todo-operator run` with the JVM flags of
 * the Dockerfile's operator ENTRYPOINT, the environment of deploy/'s Deployment, and the JVM ergonomics of that
 * Deployment's memory limit ({@link #podJvmErgonomics()}), which the JVM would read from the cgroup in a pod.
 * Each replica is one such process, with its own HOSTNAME (its leader-election identity, as in a pod).
 */
public final class OperatorProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String MAIN_CLASS = "io.todoplatform.operator.cli.TodoOperatorCommand";

  private final String name;
  private final Process process;
  private final Path logFile;
  private final int operationsPort;
  private final Instant started;

  private OperatorProcess(String name, Process process, Path logFile, int operationsPort, Instant started) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.operationsPort = operationsPort;
    this.started = started;
  }

  /** What to run: the operator's classes (tests run before the jar is packaged) or the shaded jar itself. */
  public record Program(List<String> arguments) {
    /**
     * operator/target/classes and the runtime dependencies (target/runtime.classpath, written by the build): what the
     * shaded jar holds, built in this reactor run, without the test libraries.
     */
    public static Program classes() {
      Path target = ProjectPaths.repoRoot().resolve("operator/target");
      try {
        String dependencies = Files.readString(target.resolve("runtime.classpath"), StandardCharsets.UTF_8).strip();
        return new Program(List.of("-cp", target.resolve("classes") + File.pathSeparator + dependencies,
            MAIN_CLASS));
      } catch (IOException e) {
        throw new UncheckedIOException("no " + target.resolve("runtime.classpath") + ": build with ./mvnw -pl operator"
            + " -am test-compile", e);
      }
    }

    public static Program jar(Path jar) {
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException(jar + " is missing: ./mvnw -pl operator -am package -DskipTests");
      }
      return new Program(List.of("-jar", jar.toString()));
    }
  }

  /**
   * Starts a leader-electing replica and waits until it serves /healthz (informers synced; a standby is healthy too).
   *
   * @param environment added to (or overriding) the Deployment's environment
   */
  public static OperatorProcess start(String name, Program program, OperatorReplicas.Replica replica,
      Map<String, String> environment, List<String> extraJvmFlags) {
    int port = FreePorts.next();
    List<String> command = new ArrayList<>();
    command.add(Environment.javaExecutable().toString());
    command.addAll(imageJvmFlags());
    command.addAll(podJvmErgonomics());
    command.addAll(extraJvmFlags);
    command.addAll(program.arguments());
    command.add("run");
    Map<String, String> env = new HashMap<>();
    env.put("KUBECONFIG", replica.kubeconfig().toString());
    env.put("HOSTNAME", replica.podName());
    env.put("POD_NAMESPACE", OperatorReplicas.NAMESPACE);
    env.put("LEADER_ELECTION", "true");
    env.put("OPERATIONS_PORT", String.valueOf(port));
    env.put("SHUTDOWN_GRACE_SECONDS", "30");
    env.putAll(environment);
    Path log = Environment.outputDir().resolve("operator-" + name + "-" + System.currentTimeMillis() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().putAll(env);
    try {
      Files.writeString(log, "=== " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
      Process process = builder.start();
      // However the test or benchmark ends, no operator outlives it.
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name));
      OperatorProcess operator = new OperatorProcess(name, process, log, port, Instant.now());
      operator.awaitHealthy(Duration.ofMinutes(3));
      return operator;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator " + name, e);
    }
  }

  /** The JVM flags of the operator image: those between "java" and "-jar" in the operator stage's ENTRYPOINT. */
  public static List<String> imageJvmFlags() {
    try {
      List<String> lines = Files.readAllLines(ProjectPaths.repoRoot().resolve("Dockerfile"));
      boolean inOperatorStage = false;
      for (String line : lines) {
        if (line.startsWith("FROM ")) {
          inOperatorStage = line.strip().endsWith(" AS operator");
        } else if (inOperatorStage && line.startsWith("ENTRYPOINT ")) {
          JsonNode entrypoint = new ObjectMapper().readTree(line.substring("ENTRYPOINT ".length()));
          List<String> flags = new ArrayList<>();
          for (int i = 1; i < entrypoint.size() && !entrypoint.get(i).asText().equals("-jar"); i++) {
            flags.add(entrypoint.get(i).asText());
          }
          return flags;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new IllegalStateException("no ENTRYPOINT in the Dockerfile's operator stage");
  }

  /**
   * What the JVM would see in the pod: the container's memory limit as the machine's memory (so the image's
   * MaxRAMPercentage sizes the heap from it), and therefore the Serial collector: with less than 1792 MiB a JDK 17
   * is not a "server class machine" and picks Serial, which -XX:MaxRAM alone does not change.
   */
  public static List<String> podJvmErgonomics() {
    return List.of("-XX:MaxRAM=" + deploymentMemoryLimit(), "-XX:+UseSerialGC");
  }

  /** limits.memory of the operator container in deploy/operator/base/050-deployment.yaml, as a JVM size. */
  public static String deploymentMemoryLimit() {
    try {
      JsonNode deployment = new ObjectMapper(new YAMLFactory()).readTree(
          ProjectPaths.repoRoot().resolve("deploy/operator/base/050-deployment.yaml").toFile());
      String limit = deployment.at("/spec/template/spec/containers/0/resources/limits/memory").asText();
      Matcher mebibytes = Pattern.compile("(\\d+)Mi").matcher(limit);
      if (!mebibytes.matches()) {
        throw new IllegalStateException("unexpected memory limit " + limit);
      }
      return mebibytes.group(1) + "m";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail(40));
      }
      try {
        HttpResponse<String> response = get("/healthz");
        if (response.statusCode() == 200) {
          return;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException(name + " not healthy within " + timeout + " (" + last + "):\n" + tail(40));
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operationsPort + path))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** The Prometheus text of /metrics. */
  public String metrics() {
    try {
      return get("/metrics").body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sum of the samples of one metric (all label sets) in /metrics, 0 when absent. */
  public double metric(String name) {
    double sum = 0;
    for (String line : metrics().split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public Instant started() {
    return started;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public String log() {
    try {
      return Files.readString(logFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(cannot read " + logFile + ")";
    }
  }

  public Path logFile() {
    return logFile;
  }

  public String tail(int lines) {
    String[] all = log().split("\\R");
    return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
  }

  /** Resident set size in KiB (VmRSS of /proc/PID/status), or empty once the process has gone. */
  public OptionalLong residentKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException gone) {
      // the process exited
    }
    return OptionalLong.empty();
  }

  /** SIGKILL: the JVM dies at once, without shutdown hooks, without releasing anything. Returns when it is gone. */
  public Instant kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
    return Instant.now();
  }

  /** SIGTERM, as the kubelet sends it, and the exit code once the process is gone (SIGKILL after the grace). */
  public int terminate(Duration grace) {
    process.destroy();
    if (!waitFor(grace)) {
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(30));
    }
    return process.exitValue();
  }

  /**
   * SIGSTOP: the JVM is frozen (as a stopped container, a long GC pause or a paused VM would be) with everything it
   * holds, connections and the Lease included, until {@link #thaw()}.
   */
  public Instant freeze() {
    signal("STOP");
    return Instant.now();
  }

  /** SIGCONT: a frozen JVM goes on where it stopped, with its clocks jumped ahead. */
  public Instant thaw() {
    signal("CONT");
    return Instant.now();
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The exit code, once the process has ended by itself within the timeout. */
  public OptionalLong awaitExit(Duration timeout) {
    return waitFor(timeout) ? OptionalLong.of(process.exitValue()) : OptionalLong.empty();
  }

  private boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      terminate(Duration.ofSeconds(40));
    }
  }
}
