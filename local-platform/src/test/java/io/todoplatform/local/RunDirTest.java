package io.todoplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.testkit.process.ManagedProcess;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * down's core, on real processes (sh and sleep stand in for the platform's programs): it stops exactly the
 * processes up recorded, in rank order, kills what ignores the stop signal, and never touches a process whose pid
 * merely looks like a recorded one.
 */
class RunDirTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    private Process unrelated;

    @AfterEach
    void killLeftovers() {
        if (unrelated != null) {
            unrelated.destroyForcibly();
        }
        new RunDir(dir.resolve("run")).stopAll(out);
    }

    @Test
    void stopsWhatWasRecordedAppsFirstAndLeavesEverythingElseRunning() throws Exception {
        RunDir run = new RunDir(dir.resolve("run"));
        run.create();
        // Each program writes when it got SIGTERM, so the order of the stops is visible.
        ManagedProcess app = start(run, "app", PlatformUp.RANK_APP);
        ManagedProcess database = start(run, "database", PlatformUp.RANK_POSTGRES);
        unrelated = new ProcessBuilder("sleep", "300").start();

        assertThat(run.running()).extracting(RecordedProcess::name).containsExactlyInAnyOrder("app", "database");
        List<String> stopped = run.stopAll(out);

        assertThat(stopped).containsExactly("app", "database");
        assertThat(app.isAlive()).isFalse();
        assertThat(database.isAlive()).isFalse();
        assertThat(unrelated.isAlive()).as("a process up did not start").isTrue();
        Instant appStopped = Instant.parse(Files.readString(dir.resolve("app.stopped")).strip());
        Instant databaseStopped = Instant.parse(Files.readString(dir.resolve("database.stopped")).strip());
        assertThat(appStopped).isBefore(databaseStopped);
        assertThat(run.recorded()).as("pid files left").isEmpty();
    }

    @Test
    void aRecycledPidIsNotSomeoneToStop() throws Exception {
        RunDir run = new RunDir(dir.resolve("run"));
        run.create();
        unrelated = new ProcessBuilder("sleep", "300").start();
        // A pid file from an earlier boot whose pid now belongs to another program: same pid, other start time.
        new RecordedProcess("kafka", unrelated.pid(), Instant.parse("2020-01-01T00:00:00Z"), PlatformUp.RANK_KAFKA,
                "TERM", false, Duration.ofSeconds(5)).write(dir.resolve("run/kafka.pid"));

        assertThat(run.running()).isEmpty();
        assertThat(run.stopAll(out)).isEmpty();
        assertThat(unrelated.isAlive()).isTrue();
        assertThat(run.recorded()).as("the stale pid file is gone").isEmpty();
    }

    @Test
    void aProgramThatIgnoresTheStopSignalIsKilledAfterItsGracePeriodAndSaidSo() throws Exception {
        RunDir run = new RunDir(dir.resolve("run"));
        run.create();
        ManagedProcess stubborn = run.detached("stubborn", PlatformUp.RANK_SIDECAR, "TERM", Duration.ofSeconds(1))
                .start("stubborn", List.of("sh", "-c", "trap '' TERM; while :; do sleep 0.1; done"),
                        dir.resolve("stubborn.log"), Map.of(), null);
        awaitStarted(stubborn);

        run.stopAll(out);

        assertThat(stubborn.isAlive()).isFalse();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("stubborn", "killed, it did not stop within 1 s");
    }

    @Test
    void aDetachedProgramRunsInASessionOfItsOwn() throws Exception {
        RunDir run = new RunDir(dir.resolve("run"));
        run.create();
        ManagedProcess program = run.detached("program", PlatformUp.RANK_APP, "TERM", Duration.ofSeconds(5))
                .start("program", List.of("sleep", "300"), dir.resolve("program.log"), Map.of(), null);

        // Field 6 of /proc/<pid>/stat is the session id: a session leader's is its own pid, so the terminal that
        // ran up (Ctrl-C, hang-up) cannot reach it.
        String stat = Files.readString(Path.of("/proc/" + program.pid() + "/stat"));
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        assertThat(Long.parseLong(afterName[3])).isEqualTo(program.pid());
        assertThat(run.running()).extracting(RecordedProcess::pid).containsExactly(program.pid());
    }

    private ManagedProcess start(RunDir run, String name, int rank) throws Exception {
        String script = "trap 'date -u +%Y-%m-%dT%H:%M:%S.%NZ > " + dir.resolve(name + ".stopped") + "; exit 0' TERM;"
                + " while :; do sleep 0.05; done";
        ManagedProcess process = run.detached(name, rank, "TERM", Duration.ofSeconds(10))
                .start(name, List.of("sh", "-c", script), dir.resolve(name + ".log"), Map.of(), null);
        awaitStarted(process);
        return process;
    }

    /** The shell needs a moment to install its trap; a signal before that would end it the default way. */
    private static void awaitStarted(ManagedProcess process) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(process.pid()).map(h -> h.children().findAny().isEmpty()).orElse(true)
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
