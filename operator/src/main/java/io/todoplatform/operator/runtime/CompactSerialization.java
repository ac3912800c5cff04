package io.todoplatform.operator.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * fabric8's serialization, reading objects so that the informers' caches hold less: repeated strings are one
 * instance ({@link InterningStrings}) and empty maps of unknown fields one shared map ({@link SharedEmptyMaps}).
 * Written JSON is unchanged. At 1,000 platforms the heap after GC went from 187 to 132 MiB with the first; see
 * docs/benchmarks.md for both.
 */
public final class CompactSerialization {
  private CompactSerialization() {}

  public static KubernetesSerialization create() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(new SimpleModule("compact-caches")
        .addDeserializer(String.class, new InterningStrings())
        .setDeserializerModifier(new SharedEmptyMaps()));
    return new KubernetesSerialization(mapper, true);
  }
}
