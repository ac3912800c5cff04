package io.todoplatform.app.ports;

/**
 * One operation of an atomic state transaction.
 *
 * <p>{@code expectedEtag == null} means "the key must not exist yet" (first write); otherwise the write
 * only succeeds while the stored etag still equals it. {@code value == null} deletes the key.
 */
public record StateWrite(String key, Object value, String expectedEtag) {

  public static StateWrite put(String key, Object value, String expectedEtag) {
    return new StateWrite(key, value, expectedEtag);
  }

  public static StateWrite delete(String key, String expectedEtag) {
    return new StateWrite(key, null, expectedEtag);
  }

  public boolean isDelete() {
    return value == null;
  }
}
