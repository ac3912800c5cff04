package io.todoplatform.app.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * When APP_API_TOKEN is set, only the sidecar (which sends it as {@code dapr-api-token}) may call the
 * sidecar-facing routes. Compared in constant time so response timing does not reveal the token.
 */
final class SidecarTokenGuard {
  private final Optional<byte[]> expected;

  SidecarTokenGuard(Optional<String> appApiToken) {
    this.expected = appApiToken.map(t -> t.getBytes(StandardCharsets.UTF_8));
  }

  void check(Context ctx) {
    if (expected.isEmpty()) {
      return;
    }
    String given = ctx.header("dapr-api-token");
    byte[] givenBytes = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected.get(), givenBytes)) {
      throw new ApiException(401, "unauthorized", "missing or wrong dapr-api-token header", java.util.List.of());
    }
  }
}
