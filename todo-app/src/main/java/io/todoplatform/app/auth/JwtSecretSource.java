package io.todoplatform.app.auth;

import java.util.Optional;

/** Where the HS256 secret comes from; empty while it is not (yet) available. */
public interface JwtSecretSource {
  Optional<String> secret();
}
