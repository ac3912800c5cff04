package io.todoplatform.app.bench;

import io.todoplatform.app.TodoApplication;
import io.todoplatform.app.auth.TokenIssuer;
import io.todoplatform.app.config.AppConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Request latency of the task API in embedded mode over real HTTP on loopback, against a baseline measured in the
 * same run on the same server: GET /healthz, which does no work. Run by hack/bench.sh, not by the tests. Also
 * reports the heap a stored task costs (used heap after GC, per task).
 */
public final class ApiBenchmark {
  private static final String SECRET = "benchmark-signing-secret-0123456789-abcdefghij";

  private ApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    AppConfig config = AppConfig.from(Map.of("PORT", "0", "TODO_RUNTIME", "embedded", "TODO_JWT_SECRET", SECRET));
    try (TodoApplication app = TodoApplication.start(config, TodoApplication.Options.defaults())) {
      String base = "http://127.0.0.1:" + app.port();
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String user = "bench-user";
      String token = new TokenIssuer(SECRET).issue(user, Duration.ofHours(1));
      String body = "{\"title\":\"Buy groceries\",\"description\":\"milk, eggs\",\"priority\":\"high\","
          + "\"tags\":[\"home\",\"errands\"]}";

      long heapBefore = usedHeapAfterGc();
      Stats health = run(requests, () -> HttpRequest.newBuilder(URI.create(base + "/healthz")).build(), http);
      Stats create = run(requests, () -> HttpRequest.newBuilder(URI.create(base + "/api/" + user + "/tasks"))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), http);
      long heapAfter = usedHeapAfterGc();
      Stats list = run(requests / 10, () -> HttpRequest.newBuilder(URI.create(base + "/api/" + user
          + "/tasks?limit=50&sort=priority&q=groceries")).header("Authorization", "Bearer " + token).build(), http);

      System.out.println();
      print("baseline: GET /healthz", health, health);
      print("POST /api/{user}/tasks", create, health);
      print("GET  /api/{user}/tasks (" + requests + " tasks, filtered, limit 50)", list, health);
      System.out.printf(Locale.ROOT, "heap per stored task (embedded store, incl. ledger and outbox): %.1f KiB%n",
          (heapAfter - heapBefore) / 1024.0 / requests);
    }
  }

  interface RequestFactory {
    HttpRequest next();
  }

  record Stats(double medianMicros, double p99Micros) {}

  static Stats run(int count, RequestFactory factory, HttpClient http) throws Exception {
    for (int i = 0; i < Math.min(200, count); i++) {
      http.send(factory.next(), HttpResponse.BodyHandlers.discarding());
    }
    List<Long> nanos = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<Void> response = http.send(factory.next(), HttpResponse.BodyHandlers.discarding());
      nanos.add(System.nanoTime() - start);
      if (response.statusCode() >= 300) {
        throw new IllegalStateException("benchmark request failed with " + response.statusCode());
      }
    }
    Collections.sort(nanos);
    return new Stats(nanos.get(count / 2) / 1000.0, nanos.get((int) (count * 0.99)) / 1000.0);
  }

  static void print(String name, Stats stats, Stats baseline) {
    System.out.printf(Locale.ROOT, "%-62s median %8.1f us  p99 %8.1f us  %5.1fx baseline median%n", name,
        stats.medianMicros, stats.p99Micros, stats.medianMicros / baseline.medianMicros);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
