package io.todoplatform.app.userdata;

import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TEST HOOK, off unless the JVM runs with {@code -Dtodo.test.halt-after-commit-of-title=<text>}: right after a
 * transaction that wrote a task whose title contains the text commits, the process halts (no shutdown hooks, no
 * flush - as SIGKILL between commit and publish). The end-to-end test of that crash uses it; production never
 * sets the property, and the app warns at start when it is set.
 */
final class CommitCrashHook {
  private static final Logger LOG = LoggerFactory.getLogger(CommitCrashHook.class);
  static final String PROPERTY = "todo.test.halt-after-commit-of-title";
  private final String marker = System.getProperty(PROPERTY);

  CommitCrashHook() {
    if (marker != null) {
      LOG.warn("TEST HOOK {} is set: the process halts after committing a task titled '*{}*'", PROPERTY, marker);
    }
  }

  void afterCommit(Collection<String> titles) {
    if (marker != null && titles.stream().anyMatch(t -> t != null && t.contains(marker))) {
      LOG.warn("TEST HOOK: halting right after the commit, before any delivery");
      Runtime.getRuntime().halt(137);
    }
  }
}
