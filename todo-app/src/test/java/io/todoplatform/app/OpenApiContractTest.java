package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.todoplatform.service.http.RouteTable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed OpenAPI document and the app agree: every route the server registers (read from Javalin's router,
 * not a hand-typed list) is documented and every documented operation is served; the served document is the
 * committed one. The other direction - real responses fit the documented schemas - is checked on every call of
 * every API test (ApiClient); the last test here proves that check can fail.
 */
class OpenApiContractTest {
  private static TestApp app;

  @BeforeAll
  static void start() {
    app = TestApp.start();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void everyRegisteredRouteIsDocumentedAndEveryDocumentedOperationIsServed() {
    Set<String> served = app.app.routes().stream().map(RouteTable.Route::toString).collect(Collectors.toSet());
    Set<String> documented = ApiClient.CONTRACT.operations();

    assertThat(served).as("routes the app registers").hasSizeGreaterThan(10);
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
  }

  @Test
  void servesTheCommittedDocumentAsOpenApi31() throws IOException {
    byte[] committed;
    try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/openapi.json")) {
      committed = in.readAllBytes();
    }

    var r = app.api.get("/openapi.json", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.body()).isEqualTo(new String(committed, java.nio.charset.StandardCharsets.UTF_8));
    JsonNode document = r.json();
    assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(ApiClient.CONTRACT.unresolvableReferences()).isEmpty();
  }

  @Test
  void documentsBearerAuthAndTheIdempotencyKey() {
    JsonNode document = ApiClient.CONTRACT.document();
    assertThat(document.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
    JsonNode create = document.at("/paths/~1api~1{userId}~1tasks/post");
    assertThat(create.path("security").toString()).contains("bearerAuth");
    assertThat(create.path("parameters").toString()).contains("Idempotency-Key");
    assertThat(create.at("/responses/201/headers").has("Idempotent-Replayed")).isTrue();
    // Sidecar routes are documented, marked internal.
    assertThat(document.at("/paths/~1job~1{name}/post/x-internal").asBoolean()).isTrue();
  }

  @Test
  void theResponseCheckRefusesWhatTheDocumentDoesNotAllow() throws IOException {
    var contract = ApiClient.CONTRACT;
    Map<String, String> json = Map.of("content-type", "application/json", "etag", "\"1\"");
    String task = app.api.createTask("u1", TestApp.token("u1"), "{\"title\":\"t\"}").toString();
    String path = "/api/u1/tasks/0b7e4a52-1111-4a4a-9a9a-123456789abc";

    assertThat(contract.violations("GET", path, 200, json, task)).isEmpty();
    ObjectMapper mapper = new ObjectMapper();
    var missingField = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(task);
    missingField.remove("priority");
    assertThat(contract.violations("GET", path, 200, json, missingField.toString()))
        .singleElement().asString().contains("priority");
    assertThat(contract.violations("GET", path, 200, Map.of("content-type", "application/json"), task))
        .singleElement().asString().contains("ETag");
    assertThat(contract.violations("GET", path, 500, json, task)).singleElement().asString()
        .contains("status 500 is not documented");
    assertThat(contract.violations("GET", path, 200, Map.of("content-type", "text/html", "etag", "\"1\""), task))
        .singleElement().asString().contains("text/html");
    assertThat(contract.violations("GET", "/nowhere", 200, json, "{}")).singleElement().asString()
        .contains("undocumented operation");
  }
}
