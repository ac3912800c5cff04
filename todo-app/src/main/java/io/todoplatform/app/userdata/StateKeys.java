package io.todoplatform.app.userdata;

/**
 * The state-store key layout. Dapr refuses keys containing "||" (its app-id separator), so keys use ':' and user ids
 * are restricted to characters without ':' or '|'. Every key is found by computing it: the state API cannot list.
 */
public final class StateKeys {
  private StateKeys() {}

  public static String task(String taskId) {
    return "task:" + taskId;
  }

  /** Per-user head: sequence, outbox window, index pages, delivery lease. Every change of the user rewrites it. */
  public static String head(String userId) {
    return "user:" + userId + ":head";
  }

  public static String indexPage(String userId, long page) {
    return "user:" + userId + ":page:" + page;
  }

  public static String outbox(String userId, long entry) {
    return "user:" + userId + ":outbox:" + entry;
  }

  public static String idempotency(String userId, String keyHash) {
    return "user:" + userId + ":idem:" + keyHash;
  }

  public static String deadLetter(String userId, long entry) {
    return "user:" + userId + ":deadletter:" + entry;
  }

  /** "Replica R holds the delivery lease of a user": written with the lease, deleted with it. */
  public static String relayMarker(String replicaId, int slot) {
    return "relay:" + replicaId + ":" + slot;
  }

  public static String replicaRegistry() {
    return "relay:replicas";
  }
}
