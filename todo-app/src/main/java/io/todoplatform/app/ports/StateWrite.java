package io.todoplatform.app.ports;

import java.time.Duration;

/**
 * One operation of an atomic state transaction, its value already serialized as JSON (so that callers can bound a
 * transaction's size before sending it).
 *
 * @param mode how the write is guarded
 * @param expectedEtag the etag the stored document must still have ({@link Mode#UPDATE}, {@link Mode#DELETE}
 *     with a non-null etag)
 * @param ttl the store drops the key after this long (null: never)
 */
public record StateWrite(String key, Mode mode, byte[] json, String expectedEtag, Duration ttl) {

  public enum Mode {
    /** The key must not exist yet (first write). */
    INSERT,
    /** The key must still have {@code expectedEtag}. */
    UPDATE,
    /** Written whatever is there (a document only this writer owns). */
    UPSERT,
    /** Removed; guarded by {@code expectedEtag} when it is not null, a missing key is fine otherwise. */
    DELETE
  }

  /** Insert when {@code expectedEtag} is null, otherwise an update guarded by it. */
  public static StateWrite put(String key, byte[] json, String expectedEtag) {
    return new StateWrite(key, expectedEtag == null ? Mode.INSERT : Mode.UPDATE, json, expectedEtag, null);
  }

  public static StateWrite insert(String key, byte[] json, Duration ttl) {
    return new StateWrite(key, Mode.INSERT, json, null, ttl);
  }

  public static StateWrite upsert(String key, byte[] json) {
    return new StateWrite(key, Mode.UPSERT, json, null, null);
  }

  public static StateWrite delete(String key, String expectedEtag) {
    return new StateWrite(key, Mode.DELETE, null, expectedEtag, null);
  }

  public boolean isDelete() {
    return mode == Mode.DELETE;
  }

  public int size() {
    return key.length() + (json == null ? 0 : json.length);
  }
}
