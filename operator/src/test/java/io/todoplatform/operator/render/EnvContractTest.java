package io.todoplatform.operator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.todoplatform.operator.support.ProjectPaths;
import io.todoplatform.operator.support.Samples;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The variables the operator sets on the backend are exactly those the documented environment contract says it sets
 * (the todo-app checks the same table from its side), so the two cannot drift apart silently.
 */
class EnvContractTest {
  private static final Pattern ROW = Pattern.compile("^\\| `([A-Z0-9_]+)` \\| (yes|no)\\b");

  @Test
  void theOperatorSetsExactlyTheVariablesTheReadmeSaysItSets() throws Exception {
    Set<String> documented = operatorSetVariables();
    assertThat(documented).as("docs/reference.md env-contract table rows marked 'yes'").isNotEmpty();
    assertThat(new LinkedHashSet<>(AppEnvironment.ALL)).isEqualTo(documented);

    List<String> rendered = TodoPlatformRenderer.render(Samples.production(), RenderOptions.kubernetes())
        .deployment().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .map(EnvVar::getName).toList();
    assertThat(rendered).containsExactlyInAnyOrderElementsOf(documented);
  }

  @Test
  void withTheSchedulerDisabledTheSweepBindingVariableIsNotSet() {
    var platform = Samples.production();
    platform.getSpec().getScheduler().setEnabled(false);
    var state = TodoPlatformRenderer.render(platform, RenderOptions.kubernetes());
    assertThat(state.deployment().orElseThrow().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).doesNotContain(AppEnvironment.SWEEP_BINDING);
    assertThat(state.componentNames()).doesNotContain("scheduler");
  }

  @Test
  void theAppTokenComesFromTheSameSecretAndKeyTheSidecarIsGiven() {
    var template = TodoPlatformRenderer.render(Samples.production(), RenderOptions.kubernetes())
        .deployment().orElseThrow().getSpec().getTemplate();
    EnvVar token = template.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals(AppEnvironment.APP_API_TOKEN)).findFirst().orElseThrow();
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName())
        .isEqualTo(template.getMetadata().getAnnotations().get("dapr.io/app-token-secret"));
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
  }

  static Set<String> operatorSetVariables() throws Exception {
    String readme = Files.readString(ProjectPaths.repoRoot().resolve("docs/reference.md"));
    int start = readme.indexOf("<!-- env-contract:start -->");
    int end = readme.indexOf("<!-- env-contract:end -->");
    assertThat(start).as("docs/reference.md has the env-contract markers").isPositive();
    Set<String> names = new LinkedHashSet<>();
    for (String line : readme.substring(start, end).lines().toList()) {
      Matcher row = ROW.matcher(line);
      if (row.find() && row.group(2).equals("yes")) {
        names.add(row.group(1));
      }
    }
    return names;
  }
}
