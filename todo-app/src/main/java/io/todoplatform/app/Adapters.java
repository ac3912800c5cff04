package io.todoplatform.app;

import io.todoplatform.app.auth.JwtKeySource;
import io.todoplatform.app.ports.EventPublisher;
import io.todoplatform.app.ports.JobScheduler;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.service.http.ReadinessCheck;
import java.util.List;

/** The implementations behind the ports for one runtime mode, and what must be closed at shutdown. */
public record Adapters(
    StateStore store,
    EventPublisher publisher,
    JobScheduler jobs,
    JwtKeySource jwtKeys,
    List<ReadinessCheck> readinessChecks,
    List<AutoCloseable> resources) {

  /** The same adapters on another store (tests: a slower store, or one store shared by two replicas). */
  public Adapters withStore(StateStore newStore) {
    return new Adapters(newStore, publisher, jobs, jwtKeys, readinessChecks, resources);
  }

  /** The same adapters with another publisher and job scheduler (tests put a fault-injecting double around them). */
  public Adapters withDelivery(EventPublisher newPublisher, JobScheduler newJobs) {
    return new Adapters(store, newPublisher, newJobs, jwtKeys, readinessChecks, resources);
  }
}
