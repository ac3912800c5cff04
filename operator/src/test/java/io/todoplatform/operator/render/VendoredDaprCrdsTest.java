package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.todoplatform.operator.dapr.v1alpha1.Component;
import io.todoplatform.operator.dapr.v1alpha1.Configuration;
import io.todoplatform.operator.dapr.v1alpha1.Resiliency;
import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dapr CRDs the Java models are generated from (operator/src/main/dapr-crds) are unedited copies of the
 * reference ones in ../shared/dapr/crds, and the models describe the kinds the operator writes.
 */
class VendoredDaprCrdsTest {
  private static final Path VENDORED = ProjectPaths.repoRoot().resolve("operator/src/main/dapr-crds");

  @ParameterizedTest
  @ValueSource(strings = {"components.yaml", "configuration.yaml", "resiliency.yaml", "subscription.yaml"})
  void eachVendoredCrdIsAByteForByteCopyOfTheSharedOne(String file) throws Exception {
    assertThat(Files.readAllBytes(VENDORED.resolve(file)))
        .as("operator/src/main/dapr-crds/%s differs from ../shared/dapr/crds/%s: copy it again, never edit it", file,
            file)
        .isEqualTo(Files.readAllBytes(ProjectPaths.shared().resolve("dapr/crds").resolve(file)));
  }

  @Test
  void nothingButTheCopiesAndTheirReadmeIsVendored() throws Exception {
    try (Stream<Path> files = Files.list(VENDORED)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("README.md",
          "components.yaml", "configuration.yaml", "resiliency.yaml", "subscription.yaml");
    }
    assertThat(Files.readString(VENDORED.resolve("README.md")))
        .contains("d8450742ce3260d93a2346f4398a1e60d019a45b", "Apache License, Version 2.0");
  }

  @Test
  void theGeneratedModelsAreTheDaprKindsTheOperatorWrites() {
    for (HasMetadata model : List.of(new Component(), new Resiliency(), new Configuration())) {
      assertThat(model.getApiVersion()).isEqualTo("dapr.io/v1alpha1");
      assertThat(model.getFullResourceName()).isIn("components.dapr.io", "resiliencies.dapr.io",
          "configurations.dapr.io");
    }
  }
}
