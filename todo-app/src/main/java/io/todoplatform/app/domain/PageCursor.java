package io.todoplatform.app.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.app.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset position in a sorted listing: the sort key and id of the last task of the previous page. Unlike
 * an offset it stays correct while tasks are added or removed between page requests.
 */
public record PageCursor(TaskQuery.SortField sort, boolean descending, String lastKey, String lastId) {

  public String encode() {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("s", sort.name());
    node.put("d", descending);
    if (lastKey == null) {
      node.putNull("k");
    } else {
      node.put("k", lastKey);
    }
    node.put("i", lastId);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** A tampered key must be refused here (400), not blow up later while sorting. */
  private void requireWellFormedKey() {
    if (lastKey == null) {
      if (sort != TaskQuery.SortField.DUE_AT) {
        throw new IllegalArgumentException("missing key");
      }
      return;
    }
    switch (sort) {
      case CREATED_AT, DUE_AT -> java.time.Instant.parse(lastKey);
      case PRIORITY -> {
        int ordinal = Integer.parseInt(lastKey);
        if (ordinal < 0 || ordinal >= Priority.values().length) {
          throw new IllegalArgumentException("bad priority");
        }
      }
      case TITLE -> { }
    }
  }

  /** @throws IllegalArgumentException when the text is not a cursor this app produced */
  public static PageCursor decode(String text) {
    try {
      JsonNode node = Json.mapper().readTree(Base64.getUrlDecoder().decode(text));
      if (!node.path("s").isTextual() || !node.path("d").isBoolean() || !node.path("i").isTextual()
          || !(node.path("k").isTextual() || node.path("k").isNull())) {
        throw new IllegalArgumentException("not a cursor");
      }
      PageCursor cursor = new PageCursor(TaskQuery.SortField.valueOf(node.get("s").asText()),
          node.get("d").asBoolean(), node.get("k").isNull() ? null : node.get("k").asText(),
          node.get("i").asText());
      cursor.requireWellFormedKey();
      return cursor;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("not a cursor", e);
    }
  }
}
