package io.todoplatform.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In dapr mode the sidecar-facing routes (subscriptions, job triggers, the sweep) must be closed to everyone but
 * the sidecar: without APP_API_TOKEN the app refuses to start, unless the development switch says otherwise.
 */
class SidecarTokenRequirementTest {

  @Test
  void daprModeWithoutAnAppTokenIsRefusedNamingBothVariables() {
    assertThatThrownBy(() -> AppConfig.from(Map.of("TODO_RUNTIME", "dapr")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("APP_API_TOKEN")
        .hasMessageContaining("ALLOW_INSECURE_SIDECAR_ROUTES=true");
  }

  @Test
  void theDevelopmentSwitchAllowsIt() {
    AppConfig config = AppConfig.from(Map.of("TODO_RUNTIME", "dapr", "ALLOW_INSECURE_SIDECAR_ROUTES", "true"));

    assertThat(config.appApiToken()).isEmpty();
    assertThat(config.allowInsecureSidecarRoutes()).isTrue();
  }

  @Test
  void withATokenDaprModeStarts() {
    assertThat(AppConfig.from(Map.of("TODO_RUNTIME", "dapr", "APP_API_TOKEN", "t")).appApiToken()).contains("t");
  }

  @Test
  void theSwitchTakesOnlyTrueOrFalse() {
    assertThatThrownBy(() -> AppConfig.from(Map.of("TODO_RUNTIME", "dapr", "ALLOW_INSECURE_SIDECAR_ROUTES", "yes")))
        .hasMessageContaining("ALLOW_INSECURE_SIDECAR_ROUTES");
  }
}
