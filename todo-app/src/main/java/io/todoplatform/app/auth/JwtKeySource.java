package io.todoplatform.app.auth;

import java.util.Map;

/**
 * The HS256 keys tokens may be signed with, by key id ({@code kid} header); the key of tokens without a
 * {@code kid} is under {@link #DEFAULT_KID}. Empty while not (yet) available.
 */
public interface JwtKeySource {
  String DEFAULT_KID = "";

  Map<String, String> keys();
}
