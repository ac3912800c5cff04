package io.todoplatform.app.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLogEncoderTest {

  @Test
  void writesOneJsonObjectPerLineWithTheTraceId() throws Exception {
    LoggerContext context = new LoggerContext();
    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.todoplatform.Test"), Level.WARN,
        "task {} failed \"quoted\"", new IllegalStateException("boom"), new Object[] {"42"});
    event.setMDCPropertyMap(Map.of("traceId", "4bf92f3577b34da6a3ce929d0e0e4736"));

    String line = new String(new JsonLogEncoder().encode(event), StandardCharsets.UTF_8);

    assertThat(line).endsWith("\n").doesNotContain("\n{");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("logger").asText()).isEqualTo("io.todoplatform.Test");
    assertThat(json.get("message").asText()).isEqualTo("task 42 failed \"quoted\"");
    assertThat(json.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(json.get("error").asText()).contains("IllegalStateException: boom");
    assertThat(json.get("timestamp").asText()).endsWith("Z");
  }
}
