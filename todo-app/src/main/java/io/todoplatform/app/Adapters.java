package io.todoplatform.app;

import io.todoplatform.app.auth.JwtSecretSource;
import io.todoplatform.app.observability.ReadinessCheck;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.ports.JobScheduler;
import io.todoplatform.app.ports.TaskStore;
import java.util.List;

/** The implementations behind the ports for one runtime mode, and what must be closed at shutdown. */
public record Adapters(
    TaskStore store,
    EventPublisher publisher,
    JobScheduler jobs,
    JwtSecretSource jwtSecret,
    List<ReadinessCheck> readinessChecks,
    List<AutoCloseable> resources) {}
