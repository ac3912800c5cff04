package io.todoplatform.app.ports;

import java.util.Map;

/** Reads a named secret (all its keys), as the Dapr secrets API does. */
public interface SecretReader {

  /** @throws IllegalStateException when the secret cannot be read */
  Map<String, String> read(String secretName);
}
