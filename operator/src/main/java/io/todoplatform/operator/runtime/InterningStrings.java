package io.todoplatform.operator.runtime;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * Reads every short string value as the one canonical instance of that text ({@link CompactSerialization}). The informers hold every child of every TodoPlatform, and most of their strings repeat: the
 * namespace and owner in each of a platform's 19 children, labels, images, env names, "apps/v1", timestamps. At
 * 1,000 platforms they were a million String objects (about 67 MiB with their bytes), the largest part of the heap.
 * Interned strings are collected like any other once nothing uses them. Long values (a Secret's data, say) are
 * rarely shared and are left alone, so the string table holds no large text.
 */
final class InterningStrings extends StdScalarDeserializer<String> {
  private static final long serialVersionUID = 1L;
  static final int MAX_INTERNED_LENGTH = 256;

  InterningStrings() {
    super(String.class);
  }

  @Override
  public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    String text = StringDeserializer.instance.deserialize(parser, context);
    return text != null && text.length() <= MAX_INTERNED_LENGTH ? text.intern() : text;
  }

  @Override
  public boolean isCachable() {
    return true;
  }
}
