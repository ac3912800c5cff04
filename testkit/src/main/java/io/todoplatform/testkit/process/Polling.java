package io.todoplatform.e2e.support;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/** Small helpers for waiting on processes the tests start. */
final class Polling {

    private Polling() {
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** A random hex secret: safe in a connection string, a JAAS config or a URL without quoting. */
    static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
