package io.todoplatform.operator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A stable digest of rendered objects, for the pod-template annotation that rolls pods when they change. */
final class ContentHash {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  /** Keys sorted: the digest depends on the content alone, never on the order maps happen to iterate in. */
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .build();

  private ContentHash() {}

  static String of(List<? extends HasMetadata> objects) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (HasMetadata object : objects) {
        digest.update(canonicalJson(object).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** A digest of name=version pairs, in name order (the caller's map order does not matter). */
  static String ofVersions(Map<String, String> versions) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      new TreeMap<>(versions).forEach((name, version) ->
          digest.update((name + "=" + version + "\n").getBytes(StandardCharsets.UTF_8)));
      return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  static String canonicalJson(HasMetadata object) {
    try {
      Object tree = CANONICAL.readValue(SERIALIZATION.asJson(object), Object.class);
      return CANONICAL.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + object.getKind(), e);
    }
  }
}
