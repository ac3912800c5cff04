package io.todoplatform.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.support.ComponentMetadataCatalog;
import io.todoplatform.operator.support.DaprSchemas;
import io.todoplatform.operator.support.KubernetesObjectRules;
import io.todoplatform.operator.support.specgen.PlatformTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated TodoPlatforms, valid and broken (wrong values, wrong types, missing and unknown fields, unicode, the
 * length limits), as YAML files given to the real `render` command line. Whatever the file holds, render either
 * prints manifests that Dapr's CRDs, Dapr's component metadata and the API server's metadata rules accept, or exits
 * 2 with one "field.path: problem" line per problem and nothing on stdout; never a stack trace, never another code.
 *
 * <p>The documents come from a fixed seed (-Drender.properties.seed=N tries others, -Drender.properties.cases=N
 * more of them); a failure prints the whole document and what was broken in it.
 */
class RenderCommandPropertiesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ComponentMetadataCatalog CATALOG = ComponentMetadataCatalog.load();
  private static final long SEED = Long.getLong("render.properties.seed", 20261130L);
  private static final int CASES = Integer.getInteger("render.properties.cases", 600);
  /** "path: message", where the path is a field of the document, or (document) for what has no field. */
  private static final Pattern VIOLATION_LINE = Pattern.compile(
      "^(\\(document\\)|[^\\s:\\[]+(\\.[^\\s:\\[]+|\\[\\d+])*): \\S.*$",
      Pattern.DOTALL);

  @Test
  void renderPrintsValidManifestsOrExitsTwoNamingTheFields(@TempDir Path dir) throws Exception {
    List<PlatformTrees.Generated> cases = PlatformTrees.sample(PlatformTrees.any(), SEED, CASES);
    Map<Integer, Integer> exitCodes = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      PlatformTrees.Generated generated = cases.get(i);
      boolean selfHosted = i % 4 == 3;
      Path file = dir.resolve("platform-" + i + ".yaml");
      Files.writeString(file, generated.yaml(), StandardCharsets.UTF_8);
      RenderCommandRunner.Result result = selfHosted
          ? RenderCommandRunner.run(null, "render", "-f", file.toString(), "--target", "selfhosted")
          : RenderCommandRunner.run(null, "render", "-f", file.toString());
      exitCodes.merge(result.exitCode(), 1, Integer::sum);
      List<String> problems = problems(result);
      if (!problems.isEmpty()) {
        failures.add("#" + i + (selfHosted ? " (selfhosted)" : "") + ": " + problems + "\n" + generated);
      }
    }
    System.out.printf("render properties: %d documents from seed %d, exit codes %s%n", cases.size(), SEED,
        exitCodes);
    assertThat(failures).as(failures.size() + " documents render mishandled, the first ones:\n"
        + String.join("\n----\n", failures.subList(0, Math.min(10, failures.size())))).isEmpty();
    // A floor that catches generators gone wrong (nothing valid, or nothing broken), not a target share.
    assertThat(exitCodes.getOrDefault(0, 0)).as("rendered").isGreaterThan(cases.size() / 10);
    assertThat(exitCodes.getOrDefault(2, 0)).as("refused").isGreaterThan(cases.size() / 10);
  }

  private static List<String> problems(RenderCommandRunner.Result result) throws IOException {
    List<String> problems = new ArrayList<>();
    if (result.err().contains("Exception") || result.err().contains("\tat ")) {
      problems.add("stack trace on stderr: " + result.err());
    }
    if (result.exitCode() == 2) {
      if (!result.out().isEmpty()) {
        problems.add("stdout of a refused platform: " + result.out());
      }
      if (result.err().isBlank()) {
        problems.add("exit 2 without a word on stderr");
      }
      result.err().lines().filter(line -> !VIOLATION_LINE.matcher(line).matches())
          .forEach(line -> problems.add("stderr line without a field path: " + line));
      return problems;
    }
    if (result.exitCode() != 0) {
      problems.add("exit code " + result.exitCode() + ", stderr: " + result.err());
      return problems;
    }
    if (!result.err().isEmpty()) {
      problems.add("stderr of a rendered platform: " + result.err());
    }
    for (JsonNode object : YAML.readerFor(JsonNode.class).<JsonNode>readValues(result.out()).readAll()) {
      problems.addAll(KubernetesObjectRules.problems(object));
      if (object.path("apiVersion").asText().startsWith("dapr.io/")) {
        problems.addAll(DaprSchemas.problems(object));
      }
      if ("Component".equals(object.path("kind").asText())) {
        problems.addAll(undeclaredMetadataKeys(object));
      }
    }
    return problems;
  }

  private static List<String> undeclaredMetadataKeys(JsonNode component) {
    String type = component.at("/spec/type").asText();
    String version = component.at("/spec/version").asText();
    Optional<Set<String>> known = CATALOG.keys(type, version);
    List<String> problems = new ArrayList<>();
    if (known.isEmpty()) {
      problems.add(type + " " + version + ": no component metadata (daprd would refuse the component)");
    }
    // A known type may declare no keys at all (conversation.echo).
    Set<String> declared = known.orElse(Set.of());
    component.at("/spec/metadata").forEach(item -> {
      if (!declared.contains(item.path("name").asText())) {
        problems.add(type + ": metadata key " + item.path("name").asText() + " is not declared");
      }
    });
    return problems;
  }
}
