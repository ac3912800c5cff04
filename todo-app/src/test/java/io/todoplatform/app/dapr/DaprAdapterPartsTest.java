package io.todoplatform.app.dapr;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dapr.utils.TypeRef;
import io.grpc.Status;
import io.todoplatform.app.domain.UserLedger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The parts of the Dapr adapters that can be checked without a sidecar. The adapters themselves run
 * against a real daprd in the end-to-end tests.
 */
class DaprAdapterPartsTest {

  @Test
  void etagMismatchIsAConflictAndAnOutageIsNot() {
    assertThat(DaprFailures.isConcurrencyConflict(Status.ABORTED.withDescription("x").asRuntimeException()))
        .isTrue();
    assertThat(DaprFailures.isConcurrencyConflict(new RuntimeException("wrapped",
        Status.INTERNAL.withDescription("possible etag mismatch. error from state store").asRuntimeException())))
        .isTrue();
    assertThat(DaprFailures.isConcurrencyConflict(Status.UNAVAILABLE.withDescription("connection refused")
        .asRuntimeException())).isFalse();
    assertThat(DaprFailures.isNotFound(Status.NOT_FOUND.asRuntimeException())).isTrue();
    assertThat(DaprFailures.isNotFound(Status.UNAVAILABLE.asRuntimeException())).isFalse();
  }

  @Test
  void serializerRoundTripsDocumentsWithInstantsAndReadsMissingStateAsNull() throws Exception {
    JacksonDaprSerializer serializer = new JacksonDaprSerializer();
    UserLedger ledger = new UserLedger("u", List.of("a", "b"), Map.of("a", Instant.parse("2030-01-01T00:00:00Z")),
        List.of());

    byte[] json = serializer.serialize(ledger);

    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"2030-01-01T00:00:00Z\"");
    assertThat(serializer.deserialize(json, TypeRef.get(UserLedger.class))).isEqualTo(ledger);
    assertThat(serializer.deserialize(new byte[0], TypeRef.get(UserLedger.class))).isNull();
  }

  /**
   * A stand-in for the sidecar's metadata endpoint only (a JDK HTTP server): readiness must follow what
   * daprd reports about its components.
   */
  @Test
  void readinessFollowsTheSidecarsLoadedComponents() throws Exception {
    AtomicReference<String> metadata = new AtomicReference<>("{\"components\":[{\"name\":\"statestore\"}]}");
    HttpServer fakeSidecar = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fakeSidecar.createContext("/v1.0/metadata", exchange -> {
      byte[] body = metadata.get().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    fakeSidecar.start();
    try {
      SidecarReadiness readiness = new SidecarReadiness(fakeSidecar.getAddress().getPort(),
          List.of("statestore", "kafka-pubsub"));

      assertThat(readiness.problem()).contains("kafka-pubsub");
      metadata.set("{\"components\":[{\"name\":\"statestore\"},{\"name\":\"kafka-pubsub\"}]}");
      assertThat(readiness.problem()).isNull();
    } finally {
      fakeSidecar.stop(0);
    }
    assertThat(new SidecarReadiness(fakeSidecar.getAddress().getPort(), List.of("x")).problem())
        .contains("not reachable");
  }
}
