package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestWriterTest {
  /**
   * Strings that go-yaml (kubectl, daprd's self-hosted loader) would read back as numbers: a scope or topic so named
   * must come out quoted. Found by RenderCommandPropertiesTest with a scope of 1e3.
   */
  @ParameterizedTest
  @ValueSource(strings = {"1e3", "1E5", "-2.5e-3", "0x1F", "0o17", "017", "0b101", "1:30", ".inf", "-.Inf", ".nan",
      "8000", "1.5", "+1"})
  void aStringThatReadsAsANumberIsQuoted(String value) {
    String yaml = ManifestWriter.toYaml(List.of(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
        .withData(Map.of("k", value)).build()));

    assertThat(yaml).contains("k: \"" + value + "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"backend", "e3", "1e", "x1", "1.2.3", "v1", "10m", "1-2"})
  void anOrdinaryStringStaysPlain(String value) {
    String yaml = ManifestWriter.toYaml(List.of(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
        .withData(Map.of("k", value)).build()));

    assertThat(yaml).contains("k: " + value + "\n");
  }
}
