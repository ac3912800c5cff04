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

  // Weak keys: a client (an operator instance, a test) that is gone takes its cache with it. The values must not
  // refer to their key (a WeakHashMap value that holds its key keeps both forever): the client is passed per call.
  private static final Map<KubernetesClient, DaprCrds> BY_CLIENT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Clock clock;
  private volatile boolean installed;
  private volatile Instant lastChecked = Instant.MIN;
  private volatile List<String> missing = REQUIRED;

  /** The one cache per client: the reconciler and the dependents' activation condition ask the same. */
  public static Checked of(KubernetesClient client) {
    return new Checked(BY_CLIENT.computeIfAbsent(client, c -> new DaprCrds(Clock.systemUTC())), client);
  }

  private DaprCrds(Clock clock) {
    this.clock = clock;
  }

  /** The cache of one client, with that client to ask when the answer is stale. */
  public record Checked(DaprCrds crds, KubernetesClient client) {
    public boolean installed() {
      return crds.installed(client);
    }

    public boolean installedNow() {
      return crds.installedNow(client);
    }

    public List<String> missing() {
      return crds.missing;
    }
  }

  synchronized boolean installed(KubernetesClient client) {
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
  synchronized boolean installedNow(KubernetesClient client) {
    lastChecked = Instant.MIN;
    return installed(client);
  }
}
