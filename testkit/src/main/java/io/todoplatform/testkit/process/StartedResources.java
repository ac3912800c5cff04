package io.todoplatform.testkit.process;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test stack has started, closed in reverse start order: what was started last depends on what came before
 * (an app on its sidecar, a sidecar on the broker), so it stops first. A failure to close one is printed and the
 * rest are still closed.
 */
public final class StartedResources implements AutoCloseable {

    private final List<AutoCloseable> started = new ArrayList<>();

    /** Records a started resource; returns it. */
    public synchronized <T extends AutoCloseable> T track(T resource) {
        started.add(0, resource);
        return resource;
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            toClose = List.copyOf(started);
            started.clear();
        }
        for (AutoCloseable resource : toClose) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("closing " + resource.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
