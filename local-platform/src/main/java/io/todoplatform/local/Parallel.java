package io.todoplatform.local;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/** Start-ups side by side (each mostly waits on a JVM or a server to come up), then waiting for all of them. */
final class Parallel {

    /** One thread per start-up: there are a handful, and each spends its time waiting. */
    private static final Executor THREADS = task -> {
        Thread thread = new Thread(task, "local-platform-start");
        thread.setDaemon(true);
        thread.start();
    };

    private Parallel() {
    }

    static <T> CompletableFuture<T> start(Supplier<T> startUp) {
        return CompletableFuture.supplyAsync(startUp, THREADS);
    }

    /**
     * Waits for every start-up, also when one fails (what the others start is recorded and gets stopped with the
     * rest), then throws the first failure.
     */
    static void awaitAll(List<? extends CompletableFuture<?>> startUps) {
        RuntimeException failure = null;
        for (CompletableFuture<?> startUp : startUps) {
            try {
                startUp.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(String.valueOf(e.getCause()), e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
