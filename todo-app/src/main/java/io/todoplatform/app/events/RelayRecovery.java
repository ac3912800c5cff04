package io.todoplatform.app.events;

import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.VersionedDocument;
import io.todoplatform.app.userdata.RelayMarker;
import io.todoplatform.app.userdata.StateKeys;
import io.todoplatform.app.userdata.UserWriteQueue;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what dead replicas left undelivered, without walking users: for each replica whose heartbeat is stale it
 * reads that replica's marker ring (at most {@code ring} keys, in bulk), takes over the delivery lease of each
 * user a marker names (if the lease still names the dead replica) and delivers; then removes the replica from the
 * registry. With no replica dead this costs one read of the registry.
 */
public final class RelayRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RelayRecovery.class);
  private static final int SLOTS_PER_READ = 500;

  private final StateStore store;
  private final ReplicaRegistry registry;
  private final UserWriteQueue writes;
  private final OutboxRelay relay;

  public RelayRecovery(StateStore store, ReplicaRegistry registry, UserWriteQueue writes, OutboxRelay relay) {
    this.store = store;
    this.registry = registry;
    this.writes = writes;
    this.relay = relay;
  }

  /** @return the users taken over */
  public int run() {
    int recovered = 0;
    for (Map.Entry<String, ReplicaRegistry.Replica> dead : registry.staleReplicas().entrySet()) {
      String replicaId = dead.getKey();
      int ring = Math.max(dead.getValue().ring(), 1);
      for (int from = 0; from < ring; from += SLOTS_PER_READ) {
        List<String> keys = IntStream.range(from, Math.min(ring, from + SLOTS_PER_READ))
            .mapToObj(slot -> StateKeys.relayMarker(replicaId, slot)).toList();
        for (VersionedDocument<RelayMarker> marker : store.readAll(keys, RelayMarker.class)) {
          int slot = Integer.parseInt(marker.key().substring(marker.key().lastIndexOf(':') + 1));
          writes.reclaim(marker.value().userId(), replicaId, slot);
          relay.request(marker.value().userId());
          recovered++;
        }
      }
      registry.forget(replicaId);
      LOG.info("Replica {} stopped heart-beating; took over the delivery of {} users it held", replicaId, recovered);
    }
    return recovered;
  }
}
