package io.todoplatform.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time used by the benchmark's own JVM and the processes it started, grouped by role, so that a figure can say
 * where an operation's time goes on a machine whose cores they all share. Linux accounting (/proc), which
 * {@link ProcessHandle.Info#totalCpuDuration()} reads; a process that exited between two snapshots is not counted.
 */
final class ProcessCpu {
    static final List<String> ROLES = List.of("app", "daprd", "postgres", "kafka", "scheduler", "bench");

    private final Map<String, Duration> byRole;

    private ProcessCpu(Map<String, Duration> byRole) {
        this.byRole = byRole;
    }

    static ProcessCpu snapshot() {
        Map<String, Duration> byRole = new LinkedHashMap<>();
        ROLES.forEach(r -> byRole.put(r, Duration.ZERO));
        ProcessHandle.current().descendants().forEach(p -> {
            String role = roleOf(p.info());
            if (role != null) {
                byRole.merge(role, p.info().totalCpuDuration().orElse(Duration.ZERO), Duration::plus);
            }
        });
        byRole.put("bench", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        return new ProcessCpu(byRole);
    }

    private static String roleOf(ProcessHandle.Info info) {
        String command = info.command().orElse("");
        // The command line, not the arguments: Java gives no arguments for a line beyond 4 KiB (Kafka's classpath).
        String line = info.commandLine().orElse("");
        if (command.endsWith("/daprd")) {
            return "daprd";
        }
        if (command.endsWith("/scheduler")) {
            return "scheduler";
        }
        if (command.endsWith("/postgres")) {
            return "postgres";
        }
        if (command.endsWith("/java")) {
            return line.contains("todo-app.jar") ? "app" : line.contains("kafka") ? "kafka" : null;
        }
        return null;
    }

    /** CPU seconds of each role between {@code before} and this snapshot, and their sum. */
    String secondsSince(ProcessCpu before) {
        Duration total = Duration.ZERO;
        StringBuilder text = new StringBuilder();
        for (String role : ROLES) {
            Duration used = byRole.get(role).minus(before.byRole.get(role));
            total = total.plus(used);
            text.append(String.format(Locale.ROOT, "%s %.1f s, ", role, used.toMillis() / 1e3));
        }
        return text.append(String.format(Locale.ROOT, "in all %.1f s", total.toMillis() / 1e3)).toString();
    }

    /** CPU milliseconds per request of each role between {@code before} and this snapshot. */
    String perRequestSince(ProcessCpu before, int requests) {
        return ROLES.stream().map(role -> String.format(Locale.ROOT, "%s %.2f", role,
                        byRole.get(role).minus(before.byRole.get(role)).toNanos() / 1e6 / requests))
                .collect(Collectors.joining(", "));
    }
}
