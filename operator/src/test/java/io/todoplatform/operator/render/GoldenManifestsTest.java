package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.operator.support.ProjectPaths;
import io.todoplatform.operator.support.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What each sample renders to, reviewed once and kept: a change to the output shows up as a diff of these files.
 * Refresh them after a deliberate change with {@code ./mvnw -pl operator test -Dtest=GoldenManifestsTest
 * -Dgolden.update=true} and review the diff.
 */
class GoldenManifestsTest {
  static Stream<Arguments> samplesAndTargets() {
    return Samples.ALL.stream().flatMap(sample -> Stream.of(
        Arguments.of(sample, RenderOptions.kubernetes()),
        Arguments.of(sample, RenderOptions.selfHosted("/run/secrets/todo/secrets.json"))));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("samplesAndTargets")
  void rendersExactlyTheReviewedManifests(String sample, RenderOptions options) throws Exception {
    String rendered = ManifestWriter.toYaml(TodoPlatformRenderer.render(Samples.load(sample), options).inApplyOrder());
    Path golden = ProjectPaths.repoRoot().resolve("operator/src/test/resources/golden")
        .resolve(sample.replace(".yaml", "") + "." + options.target().name().toLowerCase() + ".yaml");
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, rendered);
    }
    assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
    assertThat(rendered).as("render of " + sample + " differs from " + golden
        + "; if the change is intended, refresh with -Dgolden.update=true and review the diff")
        .isEqualTo(Files.readString(golden));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("samplesAndTargets")
  void neverContainsASecretValueOrASecretObject(String sample, RenderOptions options) {
    String rendered = ManifestWriter.toYaml(TodoPlatformRenderer.render(Samples.load(sample), options).inApplyOrder());
    assertThat(rendered).doesNotContain("kind: Secret\n", "stringData", "saslPassword\n    value");
    assertThat(rendered.lines().filter(l -> l.contains("name: saslPassword") || l.contains("name: connectionString")))
        .allSatisfy(line -> assertThat(rendered).contains(line + "\n    secretKeyRef:"));
  }
}
