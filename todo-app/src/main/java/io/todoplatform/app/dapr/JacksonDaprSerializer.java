package io.todoplatform.app.dapr;

import io.dapr.serializer.DaprObjectSerializer;
import io.dapr.utils.TypeRef;
import io.todoplatform.app.support.Json;
import java.io.IOException;

/**
 * Serializes state values and published events with the app's own Jackson configuration (RFC 3339
 * instants, records), instead of the SDK's default mapper. Empty bytes (a missing state key) read as null.
 */
final class JacksonDaprSerializer implements DaprObjectSerializer {

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
    return Json.mapper().readValue(data, Json.mapper().constructType(type.getType()));
  }

  @Override
  public String getContentType() {
    return "application/json";
  }
}
