package io.todoplatform.testkit.process;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/** Small helpers for waiting on processes the tests start. */
public final class Polling {

    private Polling() {
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }

    /** A random hex secret: safe in a connection string, a JAAS config or a URL without quoting. */
    public static String randomSecret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
