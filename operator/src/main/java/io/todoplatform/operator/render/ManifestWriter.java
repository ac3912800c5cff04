package io.todoplatform.operator.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes objects as the multi-document YAML people commit: quotes only where YAML needs them. */
public final class ManifestWriter {
  /** fabric8's serialization (its model annotations: Quantity, IntOrString...), with Dapr's fields in manifest order. */
  private static final KubernetesSerialization SERIALIZATION =
      new KubernetesSerialization(DaprManifestOrder.register(new ObjectMapper()), true);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      // "8000" as an annotation or env value must stay a string.
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .stringQuotingChecker(new NumberLikeStringQuoting())
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build());

  private ManifestWriter() {}

  public static String toYaml(List<? extends HasMetadata> objects) {
    StringBuilder yaml = new StringBuilder();
    for (HasMetadata object : objects) {
      try {
        // Through fabric8's own JSON first, so its model annotations (Quantity, IntOrString...) apply; read back as
        // JSON: the YAML parser refuses control characters (U+0080-U+009F) that JSON carries unescaped.
        yaml.append(YAML.writeValueAsString(JSON.readTree(SERIALIZATION.asJson(object))));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return yaml.toString();
  }
}
