package io.todoplatform.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.todoplatform.operator.status.Reason;
import io.todoplatform.operator.support.ProjectPaths;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The docs cannot go stale: the TodoPlatform reference
 * is rendered from the CRD, and the troubleshooting table names every condition reason the operator sets.
 * After a CRD change: ./mvnw -pl operator test -Dtest=InstallDocsTest -Dreadme.update=true, then review the diff.
 */
class InstallDocsTest {
  static final List<Path> DOCS = List.of(InstallDocs.REFERENCE);

  @Test
  void crdReferenceIsGeneratedFromTheCrd() throws Exception {
    JsonNode crd = new ObjectMapper(new YAMLFactory())
        .readTree(ProjectPaths.repoRoot().resolve("crds/todoplatforms.platform.todo.io-v1.yml").toFile());
    String expected = "\n" + CrdReference.render(crd);
    boolean update = Boolean.getBoolean("readme.update");
    int sections = 0;
    for (Path doc : DOCS) {
      String text = InstallDocs.read(doc);
      String section = InstallDocs.section(text);
      if (section == null) {
        continue;
      }
      sections++;
      if (update && !section.equals(expected)) {
        Files.writeString(doc, InstallDocs.withSection(text, expected));
        continue;
      }
      assertThat(section)
          .as("the TodoPlatform reference in %s is stale: run ./mvnw -pl operator test -Dtest=InstallDocsTest"
              + " -Dreadme.update=true and review the diff", ProjectPaths.repoRoot().relativize(doc))
          .isEqualTo(expected);
    }
    assertThat(sections).as("a %s ... %s section in one of %s", InstallDocs.START, InstallDocs.END, DOCS)
        .isPositive();
  }

  /** Every spec field of the CRD has a row: the generator does not skip what users can set. */
  @Test
  void referenceListsEveryDocumentedSpecField() throws Exception {
    JsonNode crd = new ObjectMapper(new YAMLFactory())
        .readTree(ProjectPaths.repoRoot().resolve("crds/todoplatforms.platform.todo.io-v1.yml").toFile());
    String reference = CrdReference.render(crd);
    List<String> paths = new ArrayList<>();
    collect("spec", crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec"), paths);
    assertThat(paths).contains("spec.backend.image", "spec.pubsub.auth.secretRef.name", "spec.resiliency.retry.policy");
    for (String path : paths) {
      assertThat(reference).contains("| `" + path + "` |");
    }
    assertThat(reference)
        .contains("| `spec.backend.appId` | string | `backend` | length ≥ 1; length ≤ 58; matches "
            + "`^[a-z]([-a-z0-9]*[a-z0-9])?$` |")
        .contains("| `spec.pubsub.brokers` | array of string |  | **required**; at least 1 item; each item: matches")
        .contains("`spec.pubsub.auth.secretRef`: secretRef is required unless type is none");
  }

  @Test
  void troubleshootingExplainsEveryConditionReason() throws Exception {
    String troubleshooting = InstallDocs.read(InstallDocs.OPERATIONS);
    String docs = InstallDocs.read(InstallDocs.INSTALL);
    for (Field field : Reason.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String reason = (String) field.get(null);
        assertThat(troubleshooting).as("a troubleshooting row for reason %s", reason).contains("| `" + reason + "` |");
      }
    }
    for (String error : Reason.ERRORS) {
      assertThat(docs).as("the ArgoCD health table lists %s as Degraded", error)
          .containsPattern("\\| Degraded \\|[^\\n]*`" + error + "`");
    }
  }

  /** The names the metrics section promises are the ones the operator registers (TodoPlatformMockServerIT scrapes). */
  @Test
  void metricsSectionNamesTheOperatorsMetrics() {
    String docs = InstallDocs.read(InstallDocs.OPERATIONS);
    Matcher metrics = Pattern.compile("## Metrics\\n(.*?)(\\n## |\\z)", Pattern.DOTALL).matcher(docs);
    assertThat(metrics.find()).isTrue();
    assertThat(metrics.group(1)).contains("todoplatform_resources{ready=", "operator_sdk_", "/metrics", "8080");
  }

  private static void collect(String path, JsonNode schema, List<String> paths) {
    JsonNode properties = schema.path("type").asText().equals("array")
        ? schema.path("items").path("properties") : schema.path("properties");
    String prefix = schema.path("type").asText().equals("array") ? path + "[]" : path;
    properties.fields().forEachRemaining(field -> {
      if (field.getValue().has("description")) {
        paths.add(prefix + "." + field.getKey());
        collect(prefix + "." + field.getKey(), field.getValue(), paths);
      }
    });
  }
}
