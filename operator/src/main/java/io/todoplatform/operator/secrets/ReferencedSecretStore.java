package io.todoplatform.operator.secrets;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The item store of the operator's Secret informer: it keeps only what the operator needs. Of every Secret it knows
 * the name and resourceVersion (so the informer still tells adds, updates and deletes apart); of the Secrets a
 * TodoPlatform references it also keeps the key names, owner references and type, never a value, a label or an
 * annotation (kubectl's last-applied annotation holds the whole Secret).
 *
 * <p>A Secret that becomes referenced after the informer saw it last is read once from the API server on first use,
 * as java-operator-sdk's BoundedItemStore does. So is a referenced Secret the informer does not know (yet): the
 * Secret watch can deliver a Secret after the TodoPlatform created with it (kubectl apply of both, a GitOps sync),
 * and trusting the informer there reported a transient SecretNotFound, with a Warning event and two extra status
 * writes. A referenced Secret that is really missing costs one GET per reconciliation of its (blocked) platform; an
 * unreferenced one none. One store per informer (per watched namespace): an informer's relist removes every key of
 * its store it did not list.
 */
public final class ReferencedSecretStore implements ItemStore<Secret> {
  private final Predicate<String> referenced;
  private final Function<String, Secret> fetcher;
  private final ConcurrentMap<String, String> versions = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Secret> kept = new ConcurrentHashMap<>();

  /**
   * @param referenced whether a TodoPlatform references the Secret of a {@code namespace/name} key
   * @param fetcher reads the Secret of a key from the API server (null when it does not exist)
   */
  public ReferencedSecretStore(Predicate<String> referenced, Function<String, Secret> fetcher) {
    this.referenced = referenced;
    this.fetcher = fetcher;
  }

  @Override
  public String getKey(Secret secret) {
    return Cache.metaNamespaceKeyFunc(secret);
  }

  @Override
  public synchronized Secret put(String key, Secret secret) {
    String previousVersion = versions.put(key, secret.getMetadata().getResourceVersion());
    Secret previous = referenced.test(key) ? kept.put(key, withoutValues(secret)) : kept.remove(key);
    return previous != null ? previous : placeholder(key, previousVersion);
  }

  @Override
  public synchronized Secret remove(String key) {
    String previousVersion = versions.remove(key);
    Secret previous = kept.remove(key);
    return previous != null ? previous : placeholder(key, previousVersion);
  }

  @Override
  public Stream<String> keySet() {
    return versions.keySet().stream();
  }

  @Override
  public Stream<Secret> values() {
    return versions.keySet().stream().map(this::get).filter(java.util.Objects::nonNull);
  }

  @Override
  public int size() {
    return versions.size();
  }

  @Override
  public Secret get(String key) {
    Secret secret = kept.get(key);
    if (secret != null) {
      return secret;
    }
    String version = versions.get(key);
    if (referenced.test(key)) {
      return fetchNowReferenced(key);
    }
    return placeholder(key, version);
  }

  /** The Secrets whose key names this store keeps (the referenced ones), for metrics and tests. */
  public Stream<Secret> kept() {
    return kept.values().stream();
  }

  @Override
  public boolean isFullState() {
    return false;
  }

  private Secret fetchNowReferenced(String key) {
    Secret fetched = fetcher.apply(key);
    synchronized (this) {
      Secret arrived = kept.get(key);
      if (arrived != null) {
        // The informer delivered it meanwhile: its copy leads.
        return arrived;
      }
      if (fetched == null) {
        return null;
      }
      Secret reduced = withoutValues(fetched);
      kept.put(key, reduced);
      versions.putIfAbsent(key, fetched.getMetadata().getResourceVersion());
      return reduced;
    }
  }

  /** The Secret as the operator needs it: which keys it has and who owns it, no values. */
  static Secret withoutValues(Secret secret) {
    Map<String, String> keys = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().keySet().forEach(k -> keys.put(k, ""));
    }
    if (secret.getStringData() != null) {
      secret.getStringData().keySet().forEach(k -> keys.put(k, ""));
    }
    return new SecretBuilder()
        .withMetadata(new ObjectMetaBuilder()
            .withName(secret.getMetadata().getName())
            .withNamespace(secret.getMetadata().getNamespace())
            .withUid(secret.getMetadata().getUid())
            .withResourceVersion(secret.getMetadata().getResourceVersion())
            .withOwnerReferences(secret.getMetadata().getOwnerReferences())
            .build())
        .withType(secret.getType())
        .withData(keys)
        .build();
  }

  private static Secret placeholder(String key, String version) {
    if (version == null) {
      return null;
    }
    int slash = key.indexOf('/');
    return new SecretBuilder().withNewMetadata()
        .withNamespace(slash < 0 ? null : key.substring(0, slash))
        .withName(key.substring(slash + 1))
        .withResourceVersion(version)
        .endMetadata()
        .build();
  }
}
