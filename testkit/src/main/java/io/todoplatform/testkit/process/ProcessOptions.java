package io.todoplatform.testkit.process;

import java.nio.file.Path;

/**
 * The options every long-running program of the test kit takes the same way: where it logs and how it is started.
 * The builders of daprd, the Scheduler, Sentry, Kafka and PostgreSQL extend it with their own.
 *
 * @param <B> the builder itself, so that the setters chain
 */
public abstract class ProcessOptions<B extends ProcessOptions<B>> {

    private Path logFile;
    private ProcessStarter starter = ProcessStarter.CHILD;

    protected ProcessOptions() {
    }

    /** The program's log; default a file named after it in the process logs directory. */
    public B logFile(Path logFile) {
        this.logFile = logFile;
        return self();
    }

    /**
     * How the program is started; default {@link ProcessStarter#CHILD}, a child of the test JVM (the local platform
     * passes one that detaches it).
     */
    public B starter(ProcessStarter starter) {
        this.starter = starter;
        return self();
    }

    /** The log file set, else {@code otherwise}. */
    public Path logFileOr(Path otherwise) {
        return logFile != null ? logFile : otherwise;
    }

    /** The starter set, else {@link ProcessStarter#CHILD}. */
    public ProcessStarter starter() {
        return starter;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }
}
