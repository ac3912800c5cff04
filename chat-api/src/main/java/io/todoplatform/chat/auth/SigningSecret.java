package io.todoplatform.chat.auth;

import java.util.Optional;

/** The HS256 signing secret, as currently known (empty until it could be read). */
public interface SigningSecret {
  Optional<byte[]> current();
}
