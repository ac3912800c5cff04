package io.todoplatform.testkit.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How a wrapper (PostgreSQL, Kafka, the Scheduler, daprd, the apps) starts its long-running program. The tests use
 * {@link #CHILD}: a child of the test JVM, which the test stops. The local platform passes one that detaches the
 * program and records its pid, so that it keeps running after the command that started it has returned.
 */
@FunctionalInterface
public interface ProcessStarter {

    /** A child of this JVM, output appended to the log file: {@link ManagedProcess#start(String, List, Path, Map, Path)}. */
    ProcessStarter CHILD = ManagedProcess::start;

    ManagedProcess start(String name, List<String> command, Path logFile, Map<String, String> environment,
                         Path workingDir);
}
