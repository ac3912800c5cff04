package io.todoplatform.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code status}: each recorded process (running or not) and each endpoint's health: the apps' /readyz, each
 * daprd's /v1.0/healthz, the Scheduler's /healthz, Kafka's and PostgreSQL's ports. Exit status 0 when all is
 * well, 1 when something is down, 3 when nothing runs (as LSB init scripts say "not running").
 */
final class PlatformStatus {

    static final int NOT_RUNNING = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final LocalHome home;
    private final PrintStream out;

    PlatformStatus(LocalHome home, PrintStream out) {
        this.home = home;
        this.out = out;
    }

    int run() {
        RunDir run = new RunDir(home.runDir());
        List<RecordedProcess> recorded = run.recorded();
        Optional<PlatformState> state = PlatformState.read(home.stateFile());
        if (recorded.stream().allMatch(p -> p.live().isEmpty())) {
            out.println("The local platform is not running." + (recorded.isEmpty() ? ""
                    : " (pid files of exited processes in " + home.display(home.runDir()) + "; down clears them)"));
            return NOT_RUNNING;
        }
        boolean healthy = true;
        out.println("Processes:");
        for (RecordedProcess process : recorded) {
            boolean alive = process.live().isPresent();
            healthy &= alive;
            out.printf("  %-18s %-8s pid %-8d log %s%n", process.name(), alive ? "running" : "EXITED", process.pid(),
                    home.display(home.log(process.name())));
        }
        if (state.isEmpty()) {
            out.println("(no platform.json: `up` has not finished)");
            return 1;
        }
        out.println("Endpoints:");
        List<Check> checks = new ArrayList<>();
        for (PlatformState.App app : state.get().apps()) {
            checks.add(http(app.appId() + " " + app.url(), app.url() + "/readyz"));
            checks.add(http("daprd of " + app.appId(), "http://127.0.0.1:" + app.daprHttpPort() + "/v1.0/healthz"));
        }
        checks.add(http("Dapr Scheduler " + state.get().scheduler(),
                "http://127.0.0.1:" + state.get().schedulerHealthzPort() + "/healthz"));
        checks.add(tcp("Kafka " + state.get().kafka().bootstrapServers(), state.get().kafka().bootstrapServers()));
        checks.add(tcp("PostgreSQL 127.0.0.1:" + state.get().postgres().port(), "127.0.0.1:" + state.get().postgres().port()));
        for (Check check : checks) {
            healthy &= check.ok();
            out.printf("  %-44s %s%n", check.what(), check.result());
        }
        return healthy ? 0 : 1;
    }

    private record Check(String what, boolean ok, String result) {
    }

    private static Check http(String what, String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() / 100 == 2;
            return new Check(what, ok, ok ? "ok" : "NOT READY: HTTP " + response.statusCode() + " " + oneLine(response.body()));
        } catch (IOException e) {
            return new Check(what, false, "DOWN: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Check(what, false, "interrupted");
        }
    }

    private static Check tcp(String what, String address) {
        int colon = address.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                    2000);
            return new Check(what, true, "ok (accepts connections)");
        } catch (IOException e) {
            return new Check(what, false, "DOWN: " + e.getMessage());
        }
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }
}
