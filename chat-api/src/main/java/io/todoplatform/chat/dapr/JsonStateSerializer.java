package io.todoplatform.chat.dapr;

import io.dapr.serializer.DaprObjectSerializer;
import io.dapr.utils.TypeRef;
import io.todoplatform.chat.support.Json;
import java.io.IOException;

/** State documents as JSON with the service's own mapper (records, no nulls), not the SDK's defaults. */
public final class JsonStateSerializer implements DaprObjectSerializer {
  @Override
  public byte[] serialize(Object value) throws IOException {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return bytes;
    }
    return Json.mapper().writeValueAsBytes(value);
  }

  @Override
  public <T> T deserialize(byte[] data, TypeRef<T> type) throws IOException {
    if (data == null || data.length == 0) {
      return null;
    }
    return Json.mapper().readValue(data, Json.mapper().getTypeFactory().constructType(type.getType()));
  }

  @Override
  public String getContentType() {
    return "application/json";
  }
}
