package io.todoplatform.local;

import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.ProcessStarter;
import io.todoplatform.testkit.process.TempDirs;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The pid files of the processes {@code up} started ({@code run/<name>.pid}), and the two things done with them:
 * starting a program detached while recording it, and stopping exactly the recorded ones.
 */
final class RunDir {

    private final Path dir;
    private boolean closed;

    RunDir(Path dir) {
        this.dir = dir;
    }

    /**
     * No detached start from now on (an interrupted up stops what it started while its other threads may still be
     * starting more): a start in progress finishes recording its pid first, so the stop that follows finds it.
     */
    synchronized void close() {
        closed = true;
    }

    /**
     * A starter that runs the program in a session of its own ({@code setsid}: no signal of the terminal that ran
     * {@code up}, such as Ctrl-C or the hang-up when it closes, reaches it) and writes its pid file the moment it
     * exists, before anything waits on it, so that {@code down} finds it even if {@code up} dies right after.
     */
    ProcessStarter detached(String name, int rank, String signal, Duration grace) {
        return (label, command, logFile, environment, workingDir) -> {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("stopping: " + label + " is not started");
                }
                List<String> full = new ArrayList<>();
                setsid().ifPresent(full::add);
                full.addAll(command);
                ManagedProcess process = ManagedProcess.start(label, full, logFile, environment, workingDir);
                ProcessHandle handle = ProcessHandle.of(process.pid()).orElseThrow(
                        () -> new IllegalStateException(label + " exited at once; see " + logFile));
                boolean wrapped = Paths.get(command.get(0)).getFileName().toString().equals("runuser");
                new RecordedProcess(name, process.pid(), RecordedProcess.startInstant(handle), rank, signal, wrapped,
                        grace).write(pidFile(name));
                return process;
            }
        };
    }

    /** Every recorded process, whether or not it still runs. */
    List<RecordedProcess> recorded() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".pid")).sorted()
                    .map(RecordedProcess::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The recorded processes that still run. */
    List<RecordedProcess> running() {
        return recorded().stream().filter(p -> p.live().isPresent()).toList();
    }

    /**
     * Stops every recorded process that still runs, in rank order (the apps first, so they can still flush through
     * their sidecars; PostgreSQL last), the processes of one rank together; SIGKILL for what outlives its grace
     * period, with its descendants. Removes every pid file. Returns the names of the processes it stopped.
     */
    List<String> stopAll(PrintStream out) {
        Map<Integer, List<RecordedProcess>> byRank = new TreeMap<>();
        for (RecordedProcess process : recorded()) {
            byRank.computeIfAbsent(process.rank(), rank -> new ArrayList<>()).add(process);
        }
        List<String> stopped = new ArrayList<>();
        for (List<RecordedProcess> rank : byRank.values()) {
            List<Stopping> stopping = new ArrayList<>();
            for (RecordedProcess process : rank) {
                Optional<ProcessHandle> live = process.live();
                if (live.isPresent()) {
                    List<ProcessHandle> tree = new ArrayList<>(live.get().descendants().toList());
                    tree.add(live.get());
                    process.signalStop(live.get());
                    stopping.add(new Stopping(process, live.get(), tree));
                } else {
                    delete(process);
                }
            }
            for (Stopping each : stopping) {
                boolean graceful = each.awaitExit();
                out.printf("  stopped %-16s (pid %d)%s%n", each.process.name(), each.process.pid(),
                        graceful ? "" : ": killed, it did not stop within " + each.process.grace().toSeconds() + " s");
                stopped.add(each.process.name());
                delete(each.process);
            }
        }
        return stopped;
    }

    private void delete(RecordedProcess process) {
        try {
            Files.deleteIfExists(pidFile(process.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the pid file of " + process.name(), e);
        }
    }

    /** Removes the pid files of processes that are gone (after a crash, a reboot). */
    void forgetExited() {
        recorded().stream().filter(p -> p.live().isEmpty()).forEach(this::delete);
    }

    void create() {
        TempDirs.createDirectories(dir);
    }

    private Path pidFile(String name) {
        return dir.resolve(name + ".pid");
    }

    private static Optional<String> setsid() {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Paths.get(candidate))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A process being stopped, with the tree it had when signalled (a wrapper's children outlive it otherwise). */
    private record Stopping(RecordedProcess process, ProcessHandle handle, List<ProcessHandle> tree) {
        boolean awaitExit() {
            boolean graceful = waitFor(handle, process.grace());
            tree.sort(Comparator.comparingLong(ProcessHandle::pid).reversed());
            for (ProcessHandle member : tree) {
                // After a clean stop the program's own children exit with it; after a kill, nothing waits.
                if (!waitFor(member, graceful ? Duration.ofSeconds(5) : Duration.ZERO)) {
                    graceful = false;
                }
            }
            return graceful;
        }

        /** Waits for the process to exit; kills it (and says so) when it does not within the timeout. */
        private static boolean waitFor(ProcessHandle handle, Duration timeout) {
            if (!handle.isAlive()) {
                return true;
            }
            try {
                handle.onExit().get(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
                return true;
            } catch (Exception timedOut) {
                if (handle.isAlive()) {
                    handle.destroyForcibly();
                    return false;
                }
                return true;
            }
        }
    }
}
