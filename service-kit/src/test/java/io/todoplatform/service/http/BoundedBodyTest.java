package io.todoplatform.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that sends a too-large body reads the 413, not a connection reset half-way through its upload. */
class BoundedBodyTest {
  private static final int LIMIT = 64 * 1024;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static Javalin server;

  @BeforeAll
  static void start() {
    server = Javalin.create(config -> config.routes.post("/echo-size", ctx -> {
      var body = BoundedBody.read(ctx, LIMIT);
      ctx.status(body.isPresent() ? 200 : 413).result(body.map(b -> String.valueOf(b.length)).orElse("too large"));
    })).start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void aBodyWithinTheLimitIsReadWhole() throws Exception {
    assertThat(post(() -> BodyPublishers.ofByteArray(new byte[LIMIT])).body()).isEqualTo(String.valueOf(LIMIT));
  }

  @Test
  void aDeclaredTooLargeBodyGets413EveryTime() throws Exception {
    for (int i = 0; i < 40; i++) {
      assertThat(post(() -> BodyPublishers.ofByteArray(new byte[1024 * 1024])).statusCode()).isEqualTo(413);
    }
  }

  @Test
  void aChunkedTooLargeBodyGets413EveryTime() throws Exception {
    for (int i = 0; i < 40; i++) {
      var response = post(() -> BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[300 * 1024])));
      assertThat(response.statusCode()).isEqualTo(413);
    }
  }

  private static HttpResponse<String> post(Supplier<BodyPublisher> body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/echo-size"))
        .POST(body.get()).build();
    return CLIENT.send(request, BodyHandlers.ofString());
  }
}
