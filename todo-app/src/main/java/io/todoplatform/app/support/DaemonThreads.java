package io.todoplatform.app.support;

import java.util.concurrent.ThreadFactory;

/** Threads of the app's background executors: named for thread dumps, daemons so they never hold up the JVM's exit. */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
