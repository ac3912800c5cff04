package io.todoplatform.chat.conversation;

/**
 * One write of a state transaction: an upsert ({@code value} set) or a delete; {@code etag} null means the key
 * must not exist yet (upsert) or may have any version (delete).
 */
public record StateWrite(String key, Object value, String etag) {
  public static StateWrite upsert(String key, Object value, String etag) {
    return new StateWrite(key, value, etag);
  }

  public static StateWrite delete(String key, String etag) {
    return new StateWrite(key, null, etag);
  }

  public boolean isDelete() {
    return value == null;
  }
}
