package io.todoplatform.app.userdata;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.todoplatform.app.support.Json;

/** Serializes documents up front, so a transaction's size is known before it is sent. */
public final class Documents {
  private Documents() {}

  public static byte[] encode(Object document) {
    try {
      return Json.mapper().writeValueAsBytes(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("document not serializable: " + document.getClass().getSimpleName(), e);
    }
  }
}
