package io.todoplatform.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** {@code down}: stops exactly the processes {@code up} recorded; the data stays unless {@code --reset}. */
final class PlatformDown {

    private final LocalHome home;
    private final PrintStream out;

    PlatformDown(LocalHome home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    int run(boolean reset) {
        RunDir run = new RunDir(home.runDir());
        List<String> stopped = run.stopAll(out);
        try {
            Files.deleteIfExists(home.stateFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + home.stateFile(), e);
        }
        out.println(stopped.isEmpty() ? "The local platform was not running." : "The local platform is stopped.");
        if (reset) {
            home.reset();
            out.println("Deleted its data (PostgreSQL, Kafka, the Scheduler's jobs) and its generated secrets.");
        } else if (!stopped.isEmpty()) {
            out.println("Its data stays in " + home.display(home.dataDir()) + "/ for the next up (down --reset deletes it).");
        }
        return 0;
    }
}
