package io.todoplatform.app.domain;

/**
 * State-store key layout. Dapr refuses keys containing "||" (its own app-id separator), so keys use ':'
 * and user ids are restricted to characters that cannot form it.
 */
public final class StateKeys {
  public static final int REGISTRY_SHARDS = 16;

  private StateKeys() {}

  public static String task(String taskId) {
    return "task:" + taskId;
  }

  public static String ledger(String userId) {
    return "ledger:" + userId;
  }

  public static String activity(String userId) {
    return "activity:" + userId;
  }

  public static String registryShard(int shard) {
    return "users:" + shard;
  }

  public static int shardOf(String userId) {
    return Math.floorMod(userId.hashCode(), REGISTRY_SHARDS);
  }
}
