package io.todoplatform.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.todoplatform.service.http.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * chat-api's committed OpenAPI document and the app agree: every route the server registers (read from Javalin's
 * router) is documented and every documented operation is served, and the served document is the committed one. That
 * real responses fit the documented schemas is checked on every call of every test through ChatApiHarness.
 */
class ChatOpenApiContractTest {
  private static ChatApiHarness harness;

  @BeforeAll
  static void start() {
    harness = new ChatApiHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void everyRegisteredRouteIsDocumentedAndEveryDocumentedOperationIsServed() {
    Set<String> served = harness.app.routes().stream().map(RouteTable.Route::toString).collect(Collectors.toSet());

    assertThat(served).as("routes chat-api registers").hasSizeGreaterThan(5);
    assertThat(ChatApiHarness.CONTRACT.operations()).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void servesTheCommittedDocumentAsOpenApi31() throws IOException {
    String committed;
    try (InputStream in = ChatOpenApiContractTest.class.getResourceAsStream("/openapi.json")) {
      committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    var r = harness.get("/openapi.json", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(committed);
    assertThat(ChatApiHarness.json(r).path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(ChatApiHarness.CONTRACT.unresolvableReferences()).isEmpty();
  }

  /** RFC 9110: a 405 names the methods the path serves (schemathesis' check; found first on todo-app). */
  @Test
  void anUnsupportedMethodIs405WithAllow() {
    var r = harness.send("PUT", "/api/someone/conversations", Map.of(), null);

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET");
  }

  /** Problems are UTF-8 JSON even when they quote the client's input (here an unknown field's name). */
  @Test
  void aProblemQuotingNonAsciiInputIsUtf8Json() {
    var r = harness.post("/api/u1/chat", harness.token("u1"), "{\"message\": \"hi\", \"grüße\": 1}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(ChatApiHarness.json(r).path("errors").get(0).path("field").asText()).isEqualTo("grüße");
  }
}
