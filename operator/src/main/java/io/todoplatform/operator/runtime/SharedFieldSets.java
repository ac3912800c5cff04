package io.todoplatform.operator.runtime;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * One immutable copy of each distinct node of the managedFields trees the informer caches hold. Every child of every
 * TodoPlatform carries the tree of the fields the operator applies (about 50 nested maps for a Deployment), and the
 * trees of one kind differ only in a few nodes (the owner's uid); at 1,000 platforms these maps were half the heap
 * after GC (1.1 million LinkedHashMaps, about 140 MiB). The server-side-apply matcher only reads them.
 *
 * <p>Weakly held: a node lives while a cached object uses it, so deleted objects leave nothing behind.
 */
final class SharedFieldSets {
  private final Map<Map<String, Object>, WeakReference<Map<String, Object>>> nodes = new WeakHashMap<>();

  /** The shared, immutable copy of {@code tree}; its nested maps are shared too. */
  @SuppressWarnings("unchecked")
  Map<String, Object> share(Map<String, Object> tree) {
    Map<String, Object> copy = new LinkedHashMap<>((int) (tree.size() / 0.75f) + 1);
    for (Map.Entry<String, Object> entry : tree.entrySet()) {
      Object value = entry.getValue();
      copy.put(entry.getKey(), value instanceof Map<?, ?> map ? share((Map<String, Object>) map) : value);
    }
    Map<String, Object> frozen = Collections.unmodifiableMap(copy);
    synchronized (nodes) {
      WeakReference<Map<String, Object>> known = nodes.get(frozen);
      Map<String, Object> existing = known == null ? null : known.get();
      if (existing != null) {
        return existing;
      }
      nodes.put(frozen, new WeakReference<>(frozen));
      return frozen;
    }
  }
}
