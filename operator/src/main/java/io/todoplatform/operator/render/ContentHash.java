package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** A stable digest of rendered objects, for the pod-template annotation that rolls pods when they change. */
final class ContentHash {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ContentHash() {}

  static String of(List<? extends HasMetadata> objects) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (HasMetadata object : objects) {
        // The rendered maps are insertion-ordered, so the same spec always serialises the same way.
        digest.update(SERIALIZATION.asJson(object).getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
