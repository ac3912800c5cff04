package io.todoplatform.operator.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {

  @Test
  void aReplicaTakesTheLeaseAsItsPodAndTwoReplicasWithoutAHostnameNeverShareAnIdentity() {
    assertThat(OperatorSettings.fromEnvironment(Map.of("HOSTNAME", "todo-platform-operator-7d9f-abcde"))
        .leaseIdentity()).isEqualTo("todo-platform-operator-7d9f-abcde");
    assertThat(OperatorSettings.fromEnvironment(Map.of()).leaseIdentity())
        .isNotBlank().isNotEqualTo(OperatorSettings.fromEnvironment(Map.of()).leaseIdentity());
  }
}
