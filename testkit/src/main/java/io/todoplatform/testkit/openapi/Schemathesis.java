package io.todoplatform.testkit.openapi;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * schemathesis (PyPI), the OpenAPI fuzzer, run as a process against a live API from a committed document: every
 * operation, the examples, coverage, fuzzing and stateful phases (sequences follow the document's links), every
 * check, bounded by {@code --max-time}. Installed by {@code hack/install-schemathesis.sh} into the cache; missing, the
 * test fails with that command (never skips). Output and reports land in {@code target/process-logs/schemathesis/}.
 */
public final class Schemathesis {
  private static final Pattern GENERATED = Pattern.compile("(\\d+) generated");
  private static final Pattern SEED = Pattern.compile("Seed: (\\d+)");
  private static final Pattern SCENARIOS = Pattern.compile("Scenarios:\\s+(\\d+)");

  /** The phases that generate cases per operation; the stateful phase (sequences along links) runs on its own. */
  public static final String OPERATION_PHASES = "examples,coverage,fuzzing";
  public static final String STATEFUL_PHASE = "stateful";

  /** One run: what schemathesis printed, its exit code (0: no failure, no error) and how many cases it generated. */
  public record Result(int exitCode, long casesGenerated, String output, Path outputFile, Path reportDir) {
    public boolean passed() {
      return exitCode == 0;
    }

    /** The closing part of the output: failures with their curl reproductions, and the summary. */
    public String report() {
      int failures = output.indexOf("=== FAILURES ===");
      int errors = output.indexOf("=== ERRORS ===");
      int from = failures >= 0 ? failures : errors >= 0 ? errors : output.indexOf("=== SUMMARY ===");
      String tail = from >= 0 ? output.substring(Math.max(0, output.lastIndexOf('\n', from))) : output;
      return tail.length() > 20_000 ? tail.substring(0, 20_000) + "\n... (full output: " + outputFile + ")" : tail;
    }

    /** Stateful scenarios (sequences of calls along the document's links) that ran. */
    public long statefulScenarios() {
      Matcher m = SCENARIOS.matcher(output);
      long scenarios = 0;
      while (m.find()) {
        scenarios = Long.parseLong(m.group(1));
      }
      return scenarios;
    }

    public Optional<String> seed() {
      Matcher m = SEED.matcher(output);
      return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
  }

  private Schemathesis() {}

  /** The executable in the cache, as hack/install-schemathesis.sh installs it. */
  public static Path executable() {
    Path script = Environment.repoRoot().resolve("hack/install-schemathesis.sh");
    String printed = ManagedProcess.runToCompletion("install-schemathesis-print-bin",
        List.of("bash", script.toString(), "--print-bin"), logDir("setup").resolve("print-bin.log"),
        Duration.ofSeconds(30)).strip();
    Path bin = Path.of(printed.lines().reduce((first, second) -> second).orElse(""));
    if (!Files.isExecutable(bin)) {
      throw new IllegalStateException("schemathesis is not installed (" + bin + "); run: hack/install-schemathesis.sh");
    }
    return bin;
  }

  /**
   * Runs {@code schemathesis run document --url baseUrl} with a configuration file (auth, parameters, per-operation
   * settings) and the variables it names.
   *
   * @param name a name for the output directory
   * @param phases {@link #OPERATION_PHASES} or {@link #STATEFUL_PHASE}: run apart, each phase group gets its own
   *     budget (with one budget for all, a slow machine spends it before the stateful phase starts)
   * @param maxTime schemathesis' own budget for the run; the process is killed two minutes after it
   */
  public static Result run(String name, Path document, String baseUrl, Path config, Map<String, String> variables,
      String phases, Duration maxTime) {
    Path dir = logDir(name + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("HHmmss")));
    Path outputFile = dir.resolve("output.txt");
    Path reports = dir.resolve("reports");
    List<String> command = new ArrayList<>(List.of(executable().toString(), "--config-file", config.toString(),
        "run", document.toString(), "--url", baseUrl,
        "--phases", phases,
        "--max-time", Long.toString(Math.max(1, maxTime.toSeconds())),
        // Every check is on by default; no --checks on the command line, which would override the configuration
        // file's per-operation exceptions (command-line options take precedence).
        // One worker: the machine's two cores are shared, and the app's own threads need them.
        "--workers", "1",
        "--request-timeout", "30",
        "--no-color",
        "--report", "junit,ndjson", "--report-dir", reports.toString()));
    Map<String, String> environment = new LinkedHashMap<>(variables);
    // Hypothesis keeps its example database under the working directory; keep it out of the clone.
    ManagedProcess process = ManagedProcess.start("schemathesis-" + name, command, outputFile, environment, dir);
    Optional<Integer> exit = process.awaitExit(maxTime.plus(Duration.ofMinutes(2)));
    if (exit.isEmpty()) {
      process.kill();
      throw new IllegalStateException("schemathesis did not finish within " + maxTime + " + 2 min; output: "
          + outputFile);
    }
    String output = ManagedProcess.readLog(outputFile);
    long generated = 0;
    Matcher m = GENERATED.matcher(output);
    while (m.find()) {
      generated = Long.parseLong(m.group(1));
    }
    Result result = new Result(exit.get(), generated, output, outputFile, reports);
    writeSummary(dir, result);
    return result;
  }

  private static void writeSummary(Path dir, Result result) {
    try {
      Files.writeString(dir.resolve("summary.txt"), "exit=" + result.exitCode() + " generated="
          + result.casesGenerated() + " seed=" + result.seed().orElse("?") + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path logDir(String name) {
    try {
      return Files.createDirectories(Environment.outputDir().resolve("schemathesis").resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
