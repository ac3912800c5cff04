package io.todoplatform.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Whether an OpenAI-compatible server answers at a base URL: any HTTP answer to GET {base}/models counts. */
final class ModelServerProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private ModelServerProbe() {
    }

    static boolean answers(String baseUrl) {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
            http.send(HttpRequest.newBuilder(URI.create(base + "/models")).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
