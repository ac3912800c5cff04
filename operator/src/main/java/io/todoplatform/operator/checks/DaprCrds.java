package io.todoplatform.operator.checks;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.todoplatform.operator.Constants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether the Dapr CRDs the operator writes are installed. A found CRD is remembered (Dapr is not uninstalled under
 * a running platform); a missing one is asked for again at most every {@link #RECHECK}, so a cluster gets Dapr
 * later and the operator notices without anyone restarting it.
 */
public final class DaprCrds {
  public static final List<String> REQUIRED = List.of(Constants.CRD_COMPONENTS, Constants.CRD_RESILIENCIES,
      Constants.CRD_CONFIGURATIONS);
  static final Duration RECHECK = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final Clock clock;
  private volatile boolean installed;
  private volatile Instant lastChecked = Instant.MIN;
  private volatile List<String> missing = REQUIRED;

  public DaprCrds(KubernetesClient client) {
    this(client, Clock.systemUTC());
  }

  DaprCrds(KubernetesClient client, Clock clock) {
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
