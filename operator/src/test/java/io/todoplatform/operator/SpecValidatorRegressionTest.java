package io.todoplatform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.operator.render.AppEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Java side of the cases the agreement test found (no API server needed): render decides as the server does. */
class SpecValidatorRegressionTest {
  @ParameterizedTest(name = "{0}")
  @MethodSource("io.todoplatform.operator.AgreementCases#cases")
  void javaDecidesAsTheApiServerDoes(String description, String specChange, boolean accepted) {
    SpecValidatorAgreementKubeApiServerIT.Verdict verdict =
        SpecValidatorAgreementKubeApiServerIT.java(AgreementCases.document(specChange));
    assertThat(verdict.accepted()).as(description + ": " + verdict.detail()).isEqualTo(accepted);
    assertThat(verdict.detail()).doesNotContain("CRASHED");
  }

  /** Known gap (the CRD cannot afford the check): Java refuses env names the pod validation refuses. */
  @Test
  void envNamesThePodValidationRefusesAreRefusedByJava() {
    for (String name : new String[] {"x\\ty", "名前", "a=b"}) {
      SpecValidatorAgreementKubeApiServerIT.Verdict verdict = SpecValidatorAgreementKubeApiServerIT.java(
          AgreementCases.document("backend: {env: [{name: \"" + name + "\", value: b}]}"));
      assertThat(verdict.accepted()).as(name).isFalse();
      assertThat(verdict.detail()).contains("spec.backend.env[0].name: must be printable ASCII");
    }
  }

  /** The CRD's CEL list of the operator's variables (ResourceRules) must be the environment contract's. */
  @Test
  void theCrdRefusesExactlyTheVariablesTheOperatorSets() throws Exception {
    var field = Class.forName("io.todoplatform.operator.api.v1alpha1.ResourceRules")
        .getDeclaredField("OPERATOR_ENV_CEL");
    field.setAccessible(true);
    String cel = (String) field.get(null);
    assertThat(cel).isEqualTo("[" + String.join(", ", AppEnvironment.ALL.stream().map(n -> "'" + n + "'").toList())
        + "]");
  }
}
