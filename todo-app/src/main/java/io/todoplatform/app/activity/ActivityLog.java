package io.todoplatform.app.activity;

import java.util.List;

/**
 * A user's feed document: newest entries first, plus a longer list of recently seen event ids so that a
 * redelivery is recognised even after its entry scrolled out of the feed.
 */
public record ActivityLog(List<ActivityEntry> entries, List<String> seenIds) {

  public List<ActivityEntry> entries() {
    return entries == null ? List.of() : entries;
  }

  public List<String> seenIds() {
    return seenIds == null ? List.of() : seenIds;
  }
}
