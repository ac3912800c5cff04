package io.todoplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One process {@code up} started, as its pid file in {@code run/} records it: enough for {@code down} to stop
 * exactly that process, from another JVM, also after {@code up} itself crashed. The start time guards against a
 * recycled pid: a live process with the pid but another start time is someone else's.
 *
 * @param name        what it is ("postgres", "daprd-backend", ...)
 * @param rank        stop order: lower ranks stop first (apps, then sidecars, then the Scheduler, Kafka, PostgreSQL)
 * @param signal      TERM, or INT (PostgreSQL's fast shutdown: it does not wait for clients to leave)
 * @param viaWrapper  the recorded process is a wrapper (runuser) whose child is the program to signal
 * @param grace       how long the program may take to stop before it is killed
 */
record RecordedProcess(String name, long pid, Instant startedAt, int rank, String signal, boolean viaWrapper,
                       Duration grace) {

    static RecordedProcess read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return new RecordedProcess(properties.getProperty("name"), Long.parseLong(properties.getProperty("pid")),
                    Instant.ofEpochMilli(Long.parseLong(properties.getProperty("startedAt"))),
                    Integer.parseInt(properties.getProperty("rank")), properties.getProperty("signal", "TERM"),
                    Boolean.parseBoolean(properties.getProperty("viaWrapper")),
                    Duration.ofSeconds(Long.parseLong(properties.getProperty("graceSeconds", "30"))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pid file " + file, e);
        } catch (RuntimeException e) {
            throw new UserError("the pid file " + file + " is damaged (" + e + "); stop that process by hand, then"
                    + " delete the file");
        }
    }

    void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty("name", name);
        properties.setProperty("pid", Long.toString(pid));
        properties.setProperty("startedAt", Long.toString(startedAt.toEpochMilli()));
        properties.setProperty("rank", Integer.toString(rank));
        properties.setProperty("signal", signal);
        properties.setProperty("viaWrapper", Boolean.toString(viaWrapper));
        properties.setProperty("graceSeconds", Long.toString(grace.toSeconds()));
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "started by hack/platform.sh up; hack/platform.sh down stops it");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pid file " + file, e);
        }
    }

    /** The live process this record stands for; empty when it has exited (or the pid now belongs to another). */
    Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().startInstant()
                        .map(started -> started.truncatedTo(ChronoUnit.MILLIS).equals(startedAt)).orElse(false));
    }

    /** When a process started, as recorded: the kernel's start time (millisecond precision at best). */
    static Instant startInstant(ProcessHandle handle) {
        return handle.info().startInstant().orElseThrow(
                () -> new IllegalStateException("the start time of pid " + handle.pid() + " is unknown"))
                .truncatedTo(ChronoUnit.MILLIS);
    }

    /** Sends the stop signal to the program (the wrapper's children, when it is wrapped). */
    void signalStop(ProcessHandle handle) {
        List<ProcessHandle> targets = viaWrapper ? handle.children().toList() : List.of(handle);
        for (ProcessHandle target : targets.isEmpty() ? List.of(handle) : targets) {
            if ("TERM".equals(signal)) {
                target.destroy();
            } else {
                send(signal, target);
            }
        }
    }

    /** {@code kill -SIG pid}: Java itself can only send TERM and KILL. */
    private static void send(String signal, ProcessHandle target) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(target.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (kill.waitFor() != 0) {
                target.destroy();
            }
        } catch (IOException e) {
            target.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            target.destroy();
        }
    }
}
