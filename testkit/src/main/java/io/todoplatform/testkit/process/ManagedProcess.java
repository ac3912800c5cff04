package io.todoplatform.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An external process started by a test, its stdout and stderr appended to one log file (so a failing
 * test leaves the process's own words behind in target/process-logs). {@link #stop} ends the whole process
 * tree: children first, so a wrapper (runuser) cannot leave its child running.
 */
public final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    public static ManagedProcess start(String name, List<String> command, Path logFile) {
        return start(name, command, logFile, Map.of(), null, List.of());
    }

    public static ManagedProcess start(String name, List<String> command, Path logFile,
                                       Map<String, String> environment, Path workingDir) {
        return start(name, command, logFile, environment, workingDir, List.of());
    }

    /**
     * Starts the process; {@code secrets} are values that appear in the command (e.g. a password given to
     * a set-up tool) and are masked wherever this class writes the command (log header, exceptions).
     */
    public static ManagedProcess start(String name, List<String> command, Path logFile,
                                       Map<String, String> environment, Path workingDir, List<String> secrets) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        try {
            Files.writeString(logFile, "=== " + name + ": " + describe(command, secrets) + System.lineSeparator(),
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return new ManagedProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.get(0) + ")", e);
        }
    }

    /**
     * Runs a command to completion (setup steps such as initdb or kafka-storage format) and fails with
     * its output when it exits non-zero or takes longer than the timeout.
     */
    public static String runToCompletion(String name, List<String> command, Path logFile, Duration timeout) {
        return runToCompletion(name, command, logFile, timeout, List.of());
    }

    /** As {@link #runToCompletion(String, List, Path, Duration)}, masking {@code secrets} in what it reports. */
    public static String runToCompletion(String name, List<String> command, Path logFile, Duration timeout,
                                         List<String> secrets) {
        ManagedProcess started = start(name, command, logFile, Map.of(), null, secrets);
        try {
            if (!started.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                started.stop(Duration.ofSeconds(5));
                throw new IllegalStateException(name + " did not finish within " + timeout + "; log: " + logFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
        String output = readLog(logFile);
        if (started.process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed with exit code " + started.process.exitValue()
                    + " (" + describe(command, secrets) + "):\n" + mask(tail(output, 40), secrets));
        }
        return output;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** Fails with the end of the process's log if it has already exited (e.g. a bad flag). */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; last lines of "
                    + logFile + ":\n" + tail(readLog(logFile), 40));
        }
    }

    /** The process's output so far. */
    public String log() {
        return readLog(logFile);
    }

    /**
     * SIGTERM to every process of the tree, descendants first (highest pid first: a child is normally
     * started after its parent), this process last; whatever is still alive after the grace period
     * gets SIGKILL.
     */
    public void stop(Duration grace) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.sort(Comparator.comparingLong(ProcessHandle::pid).reversed());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception timedOut) {
                handle.destroyForcibly();
            }
        }
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL to the whole tree at once, as a crash: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to end by itself; the exit code, or empty when it is still running after the wait. */
    public java.util.Optional<Integer> awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? java.util.Optional.of(process.exitValue()) : java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(10));
    }

    private static String describe(List<String> command, List<String> secrets) {
        return mask(String.join(" ", command), secrets);
    }

    private static String mask(String text, List<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                masked = masked.replace(secret, "***");
            }
        }
        return masked;
    }

    public static String readLog(Path logFile) {
        try {
            return Files.exists(logFile) ? Files.readString(logFile, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\\R");
        int from = Math.max(0, all.length - lines);
        return String.join(System.lineSeparator(), java.util.Arrays.copyOfRange(all, from, all.length));
    }
}
