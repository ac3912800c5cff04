package io.todoplatform.app.embedded;

import io.todoplatform.app.Adapters;
import io.todoplatform.app.auth.JwtKeySource;
import java.time.Clock;
import java.util.List;

/** Wires the ports to in-process implementations: a working app without any sidecar. */
public final class EmbeddedAdapters {
  private EmbeddedAdapters() {}

  public static Adapters create(Clock clock, JwtKeySource jwtKeys) {
    InProcessPubSub pubsub = new InProcessPubSub();
    TimerJobScheduler jobs = new TimerJobScheduler(clock);
    return new Adapters(new InMemoryStateStore(clock), pubsub, jobs, jwtKeys, List.of(), List.of(pubsub, jobs));
  }
}
