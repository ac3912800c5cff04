package io.todoplatform.app.dapr;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dapr.utils.TypeRef;
import io.grpc.Status;
import io.todoplatform.app.reminders.DueIndex;
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
    DueIndex.DueEntry entry = new DueIndex.DueEntry("u", "t", Instant.parse("2030-01-01T00:00:00Z"));

    byte[] json = serializer.serialize(entry);

    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"2030-01-01T00:00:00Z\"");
    assertThat(serializer.deserialize(json, TypeRef.get(DueIndex.DueEntry.class))).isEqualTo(entry);
    assertThat(serializer.deserialize(new byte[0], TypeRef.get(DueIndex.DueEntry.class))).isNull();
    byte[] alreadyJson = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(serializer.serialize(alreadyJson)).as("state values are JSON bytes already").isSameAs(alreadyJson);
  }

  @Test
  void onlyARequestTheSidecarRefusedCanBePoisonAndABrokerOutageIsNot() {
    var refusals = java.util.Set.of(Status.Code.INVALID_ARGUMENT);
    assertThat(DaprFailures.isRejection(Status.INVALID_ARGUMENT.asRuntimeException(), refusals)).isTrue();
    assertThat(DaprFailures.isRejection(Status.UNAVAILABLE.asRuntimeException(), refusals)).isFalse();
    assertThat(DaprFailures.involvesSidecar(Status.UNAVAILABLE.asRuntimeException())).isTrue();
    assertThat(DaprFailures.involvesSidecar(new IllegalStateException("Timeout on blocking read for 5000 ms")))
        .isTrue();
    assertThat(DaprFailures.involvesSidecar(new ArithmeticException("long overflow"))).as("a request not even built")
        .isFalse();
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
