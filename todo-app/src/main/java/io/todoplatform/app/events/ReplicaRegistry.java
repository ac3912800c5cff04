package io.todoplatform.app.events;

import io.todoplatform.app.ports.ConcurrencyConflictException;
import io.todoplatform.app.ports.StateStore;
import io.todoplatform.app.ports.StateWrite;
import io.todoplatform.app.ports.StoreUnavailableException;
import io.todoplatform.app.ports.VersionedDocument;
import io.todoplatform.app.support.DaemonThreads;
import io.todoplatform.app.userdata.DeliveryLeases;
import io.todoplatform.app.userdata.Documents;
import io.todoplatform.app.userdata.StateKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas of the app that are alive, in one small document ({@code relay:replicas}: id -> last heartbeat and
 * ring size) that each replica rewrites every {@link #HEARTBEAT}; and this replica's ring of relay-marker slots.
 * A replica whose heartbeat is older than {@link #STALE_AFTER} is dead: its delivery leases may be taken over, and
 * the recovery reads its ring (at most {@code ring} keys, never all users) to find the users it left undelivered.
 * Its size is bounded by the replicas running plus those dead and not yet recovered.
 */
public final class ReplicaRegistry implements DeliveryLeases, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaRegistry.class);
  public static final Duration HEARTBEAT = Duration.ofSeconds(5);
  public static final Duration STALE_AFTER = Duration.ofSeconds(30);
  static final int INITIAL_RING = 1024;

  /** One replica's entry: when it last proved alive (epoch millis) and how many marker slots it may use. */
  public record Replica(long heartbeat, int ring) {}

  /** The registry document. */
  public record Registry(Map<String, Replica> replicas) {
    public Map<String, Replica> replicas() {
      return replicas == null ? Map.of() : replicas;
    }
  }

  private final StateStore store;
  private final Clock clock;
  private final String self;
  private final BitSet usedSlots = new BitSet();
  private final Map<Integer, String> slotUsers = new HashMap<>();
  private int ring = INITIAL_RING;
  private volatile boolean registered;
  private volatile Map<String, Replica> view = Map.of();
  private volatile long viewReadAt;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("replica-heartbeat"));

  public ReplicaRegistry(StateStore store, Clock clock, String hostName) {
    this.store = store;
    this.clock = clock;
    this.self = replicaId(hostName);
  }

  /** host name (the pod's) for people reading the registry, plus random bits: a restarted process is a new replica. */
  static String replicaId(String hostName) {
    String host = hostName == null ? "" : hostName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "");
    if (host.length() > 40) {
      host = host.substring(host.length() - 40);
    }
    byte[] random = new byte[4];
    new SecureRandom().nextBytes(random);
    return (host.isEmpty() ? "replica" : host) + "-" + HexFormat.of().formatHex(random);
  }

  public void start() {
    timer.scheduleWithFixedDelay(this::heartbeatQuietly, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String self() {
    return self;
  }

  @Override
  public boolean isAlive(String replicaId) {
    if (self.equals(replicaId)) {
      return true;
    }
    Replica replica = view.get(replicaId);
    if (replica == null && clock.millis() - viewReadAt > 1000) {
      // A replica that started after our last read: look again before calling it dead.
      try {
        refreshView();
      } catch (RuntimeException e) {
        return true; // cannot tell: do not take its leases
      }
      replica = view.get(replicaId);
    }
    return replica != null && clock.millis() - replica.heartbeat() < STALE_AFTER.toMillis();
  }

  @Override
  public synchronized int acquireSlot(String userId) {
    if (!registered) {
      heartbeat(); // a marker in a ring nobody knows about would never be recovered
    }
    int slot = usedSlots.nextClearBit(0);
    if (slot >= ring) {
      ring *= 2;
      heartbeat(); // the recovery reads `ring` slots: the registry must know the larger ring before it is used
    }
    usedSlots.set(slot);
    slotUsers.put(slot, userId);
    return slot;
  }

  @Override
  public synchronized void releaseSlot(int slot) {
    usedSlots.clear(slot);
    slotUsers.remove(slot);
  }

  /** Users whose delivery this replica is responsible for (to re-drive them, e.g. after a lost retry). */
  public synchronized List<String> usersWithSlots() {
    return List.copyOf(slotUsers.values());
  }

  /** Replicas other than this one whose heartbeat is stale, read fresh from the store. */
  public Map<String, Replica> staleReplicas() {
    Map<String, Replica> stale = new LinkedHashMap<>();
    refreshView();
    long now = clock.millis();
    view.forEach((id, replica) -> {
      if (!id.equals(self) && now - replica.heartbeat() >= STALE_AFTER.toMillis()) {
        stale.put(id, replica);
      }
    });
    return stale;
  }

  /** Removes a dead replica whose ring was recovered (or this one, at a clean shutdown). */
  public void forget(String replicaId) {
    update(replicas -> replicas.remove(replicaId));
  }

  private void heartbeatQuietly() {
    try {
      heartbeat();
    } catch (RuntimeException e) {
      LOG.warn("Replica heartbeat failed; will retry: {}", e.toString());
    }
  }

  private void heartbeat() {
    int ringNow;
    synchronized (this) {
      ringNow = ring;
    }
    update(replicas -> replicas.put(self, new Replica(clock.millis(), ringNow)));
    registered = true;
  }

  private void update(java.util.function.Consumer<Map<String, Replica>> change) {
    for (int attempt = 0; attempt < 20; attempt++) {
      Optional<VersionedDocument<Registry>> doc = store.read(StateKeys.replicaRegistry(), Registry.class);
      Map<String, Replica> replicas = new LinkedHashMap<>(doc.map(d -> d.value().replicas()).orElse(Map.of()));
      change.accept(replicas);
      try {
        store.commit(List.of(StateWrite.put(StateKeys.replicaRegistry(), Documents.encode(new Registry(replicas)),
            doc.map(VersionedDocument::etag).orElse(null))));
        view = Map.copyOf(replicas);
        viewReadAt = clock.millis();
        return;
      } catch (ConcurrencyConflictException e) {
        // another replica's heartbeat came first: read again
      }
    }
    throw new StoreUnavailableException("the replica registry stays contended", null);
  }

  private void refreshView() {
    view = store.read(StateKeys.replicaRegistry(), Registry.class).map(d -> Map.copyOf(d.value().replicas()))
        .orElse(Map.of());
    viewReadAt = clock.millis();
  }

  /** Stops the heartbeat; leaves the registry when no lease is held any more (else the recovery will clean up). */
  @Override
  public void close() {
    timer.shutdownNow();
    boolean idle;
    synchronized (this) {
      idle = usedSlots.isEmpty();
    }
    if (idle && registered) {
      try {
        forget(self);
      } catch (RuntimeException e) {
        LOG.debug("Could not leave the replica registry: {}", e.toString());
      }
    }
  }
}
