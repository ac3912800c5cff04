package io.todoplatform.operator.runtime;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;

/**
 * The item store of the children's informers: the informer's own store, but each object's managedFields trees are
 * replaced, as the object is stored, by the copies {@link SharedFieldSets} shares between all cached objects. The
 * objects stay complete (the server-side-apply matcher needs the operator's managedFields entry).
 */
public class CompactItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  private static final SharedFieldSets FIELD_SETS = new SharedFieldSets();

  public CompactItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public T put(String key, T obj) {
    compact(obj);
    return super.put(key, obj);
  }

  static void compact(HasMetadata obj) {
    if (obj.getMetadata() == null || obj.getMetadata().getManagedFields() == null) {
      return;
    }
    for (ManagedFieldsEntry entry : obj.getMetadata().getManagedFields()) {
      FieldsV1 fields = entry.getFieldsV1();
      if (fields != null && fields.getAdditionalProperties() != null) {
        FieldsV1 shared = new FieldsV1();
        shared.setAdditionalProperties(FIELD_SETS.share(fields.getAdditionalProperties()));
        entry.setFieldsV1(shared);
      }
    }
  }
}
