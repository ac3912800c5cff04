package io.todoplatform.testkit.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Waits until a started server answers a health endpoint with 2xx. */
public final class HttpProbe {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HttpProbe() {
    }

    /**
     * Polls {@code url} until it answers 2xx; fails early with the process's log when the process
     * exits, and with the last answer or error after the timeout.
     */
    public static void awaitHealthy(ManagedProcess process, URI url, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            process.assertAlive();
            try {
                HttpResponse<String> response = CLIENT.send(
                        HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                last = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + url, e);
            }
            Polling.sleep(Duration.ofMillis(200));
        }
        String log = ManagedProcess.tail(process.log(), 30);
        // The caller gets no object to close: stop it here, or it outlives the test run.
        process.stop(Duration.ofSeconds(5));
        throw new IllegalStateException(process.name() + " was not healthy at " + url + " within " + timeout
                + " (last: " + last + "); last lines of " + process.logFile() + ":\n" + log);
    }
}
