package io.todoplatform.app.domain;

import java.util.List;

/**
 * The users whose ledgers exist, spread over a fixed number of shard documents so that first writes of
 * different users rarely contend. The sweep and the outbox recovery walk these.
 */
public record UserRegistryShard(List<String> userIds) {

  public List<String> userIds() {
    return userIds == null ? List.of() : userIds;
  }
}
