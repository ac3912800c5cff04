package io.todoplatform.operator.checks;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.Constants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether the Dapr CRDs the operator writes are installed. A found CRD is remembered (Dapr is not uninstalled under
 * a running platform); a missing one is asked for again at most every {@link #RECHECK}, so a cluster gets Dapr
 * later and the operator notices without anyone restarting it.
 */
public final class DaprCrds {
  public static final List<String> REQUIRED = List.of(Constants.CRD_COMPONENTS, Constants.CRD_RESILIENCIES,
      Constants.CRD_CONFIGURATIONS);
  static final Duration RECHECK = Duration.ofSeconds(10);

  // Weak keys: a client (an operator instance, a test) that is gone takes its cache with it.
  private static final Map<KubernetesClient, DaprCrds> BY_CLIENT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final KubernetesClient client;
  private final Clock clock;
  private volatile boolean installed;
  private volatile Instant lastChecked = Instant.MIN;
  private volatile List<String> missing = REQUIRED;

  /** The one cache per client: the reconciler and the dependents' activation condition ask the same. */
  public static DaprCrds of(KubernetesClient client) {
    return BY_CLIENT.computeIfAbsent(client, c -> new DaprCrds(c, Clock.systemUTC()));
  }

  private DaprCrds(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public synchronized boolean installed() {
    if (installed) {
      return true;
    }
    Instant now = clock.instant();
    if (lastChecked.plus(RECHECK).isBefore(now)) {
      lastChecked = now;
      missing = REQUIRED.stream()
          .filter(name -> client.resources(CustomResourceDefinition.class).withName(name).get() == null)
          .toList();
      installed = missing.isEmpty();
    }
    return installed;
  }

  /** Asks the API server now, ignoring the cache (when a reconcile needs the answer at once). */
  public synchronized boolean installedNow() {
    lastChecked = Instant.MIN;
    return installed();
  }

  public List<String> missing() {
    return missing;
  }
}
