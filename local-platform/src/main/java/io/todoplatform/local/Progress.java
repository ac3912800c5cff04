package io.todoplatform.local;

import java.io.PrintStream;

/** One line per step of {@code up}, with the time since it began; several starting threads print through it. */
final class Progress {

    private final PrintStream out;
    private final long startedAt = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    synchronized void say(String message) {
        out.printf("[%5.1fs] %s%n", seconds(), message);
        out.flush();
    }

    double seconds() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    PrintStream out() {
        return out;
    }
}
