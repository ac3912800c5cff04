package io.todoplatform.testkit.kube;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

/** Polls a server's health endpoint until it answers 200 with the expected body, or its process dies. */
public final class ReadinessProbe {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI uri;
    private final Path trustedCertificate;
    private final String bearerToken;
    private HttpClient httpClient;

    private ReadinessProbe(String uri, Path trustedCertificate, String bearerToken) {
        this.uri = URI.create(uri);
        this.trustedCertificate = trustedCertificate;
        this.bearerToken = bearerToken;
    }

    static ReadinessProbe plainHttp(String uri) {
        return new ReadinessProbe(uri, null, null);
    }

    /**
     * Probes over TLS trusting only {@code trustedCertificate}, the self-signed certificate the server
     * writes to its cert dir when it starts; until that file exists the server is not up.
     */
    static ReadinessProbe https(String uri, Path trustedCertificate, String bearerToken) {
        return new ReadinessProbe(uri, trustedCertificate, bearerToken);
    }

    void await(ChildProcess process, Duration timeout, Predicate<String> healthyBody) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastResult = "no answer yet";
        while (System.nanoTime() < deadline) {
            process.requireAlive();
            try {
                HttpClient client = client();
                if (client != null) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET();
                    if (bearerToken != null) {
                        request.header("Authorization", "Bearer " + bearerToken);
                    }
                    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && healthyBody.test(response.body())) {
                        return;
                    }
                    lastResult = "HTTP " + response.statusCode() + ": " + response.body();
                } else {
                    lastResult = trustedCertificate + " not written yet";
                }
            } catch (IOException e) {
                lastResult = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + process.name(), e);
            }
            sleep();
        }
        throw new IllegalStateException(process.name() + " not ready at " + uri + " within " + timeout.toSeconds()
                + "s; last result: " + lastResult + "\nlast lines of " + process.logFile() + ":\n"
                + process.tail(30));
    }

    private HttpClient client() {
        if (httpClient == null) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    // One request at a time: HTTP/2 buys nothing here and a server still wiring up its
                    // TLS config answers an HTTP/2 preface with GOAWAY.
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(REQUEST_TIMEOUT);
            if (trustedCertificate != null) {
                if (!Files.isRegularFile(trustedCertificate)) {
                    return null;
                }
                try {
                    builder.sslContext(Pem.trusting(trustedCertificate));
                } catch (RuntimeException partlyWritten) {
                    return null;
                }
            }
            httpClient = builder.build();
        }
        return httpClient;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a server to start", e);
        }
    }
}
