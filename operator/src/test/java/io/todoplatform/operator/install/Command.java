package io.todoplatform.operator.install;

import io.todoplatform.operator.support.ProjectPaths;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Runs a command-line tool from the repository root and captures what it prints. */
final class Command {
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    Result requireSuccess() {
      if (exitCode != 0) {
        throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + "\nstderr:\n" + stderr
            + "\nstdout:\n" + stdout);
      }
      return this;
    }
  }

  private static final Map<String, String> TOOLS = new ConcurrentHashMap<>();

  private Command() {}

  static Result run(List<String> command) {
    return run(command, Map.of());
  }

  /** With these variables added to (or replacing those of) the test's environment. */
  static Result run(List<String> command, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectPaths.repoRoot().toFile());
    // helm keeps a cache and config under HOME; give it throwaway ones so tests never touch the user's.
    builder.environment().put("HELM_CACHE_HOME", scratch("helm-cache"));
    builder.environment().put("HELM_CONFIG_HOME", scratch("helm-config"));
    builder.environment().put("HELM_DATA_HOME", scratch("helm-data"));
    builder.environment().putAll(environment);
    try {
      // stderr goes to a file and stdout is read here: no second reader thread, no pipe that can fill up.
      Path stderrFile = Files.createTempFile("command-stderr", ".txt");
      builder.redirectError(stderrFile.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      Process process = builder.start();
      String stdout;
      try (InputStream out = process.getInputStream()) {
        stdout = new String(out.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not finish within 2 minutes");
      }
      String stderr = Files.readString(stderrFile);
      Files.deleteIfExists(stderrFile);
      return new Result(command, process.exitValue(), stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Result run(String... command) {
    return run(List.of(command));
  }

  /**
   * The binary hack/build-tools.sh builds into the cache (helm, kustomize). Missing: fail with the command that
   * builds it; these tests are never skipped.
   */
  static String tool(String name) {
    return TOOLS.computeIfAbsent(name, tool -> {
      Result where = run("bash", "hack/build-tools.sh", "--print-bin", tool).requireSuccess();
      Path binary = Path.of(where.stdout().strip());
      if (!Files.isExecutable(binary)) {
        throw new AssertionError(tool + " is not built (expected " + binary + "): run hack/build-tools.sh");
      }
      return binary.toString();
    });
  }

  /** Debian's lua5.1, the interpreter whose semantics ArgoCD's health scripts have. */
  static String lua51() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir, "lua5.1");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError("lua5.1 is not on PATH: install Debian's package (apt-get install -y lua5.1)");
  }

  private static String scratch(String name) {
    Path dir = ProjectPaths.repoRoot().resolve("operator/target/tool-home").resolve(name);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.toString();
  }

}
