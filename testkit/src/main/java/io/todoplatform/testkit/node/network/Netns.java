package io.todoplatform.testkit.node.network;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.Polling;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named network namespace ({@code ip netns add}) created by the tests, and the commands run in it. Names carry
 * the JVM's pid, so test runs of several engineers on one machine never share one; {@link #close()} deletes the
 * namespace and with it every interface, address and route inside.
 */
public final class Netns implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration FORWARDER_START = Duration.ofSeconds(30);

    private final String name;
    private final Path logFile;
    private ManagedProcess forwarder;

    private Netns(String name, Path logFile) {
        this.name = name;
        this.logFile = logFile;
    }

    /** Creates {@code <prefix>-<pid>-<n>} with its loopback up. */
    public static Netns create(String prefix, Path logFile) {
        Netns netns = new Netns(prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet(), logFile);
        netns.run("/usr/sbin/ip", "netns", "add", netns.name);
        netns.ip("link", "set", "lo", "up");
        return netns;
    }

    public String name() {
        return name;
    }

    /** The file nsenter --net takes. */
    public Path path() {
        return Path.of("/run/netns", name);
    }

    /** {@code ip -n <this> args...}, failing with ip's output. */
    public void ip(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/sbin/ip", "-n", name));
        command.addAll(List.of(args));
        run(command.toArray(String[]::new));
    }

    /** A sysctl of this namespace (the net.* ones are per namespace). */
    public void sysctl(String key, String value) {
        run("/usr/bin/nsenter", "--net=" + path(), "--", "/usr/sbin/sysctl", "-q", "-w", key + "=" + value);
    }

    /** Starts the {@link NetnsForwarder} of this namespace and waits until it is ready. */
    public void startForwarder(Path hubSocket, Path inboundSocket, String role) {
        forwarder = ManagedProcess.start("forwarder " + name, List.of(
                "/usr/bin/nsenter", "--net=" + path(), "--",
                Environment.javaExecutable().toString(), "-Xmx32m", "-Xss256k", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                "-cp", classpathOf(NetnsForwarder.class), NetnsForwarder.class.getName(),
                hubSocket.toString(), inboundSocket.toString(), role), logFile, Map.of(), null);
        long deadline = System.nanoTime() + FORWARDER_START.toNanos();
        while (!forwarder.log().contains("\nready")) {
            forwarder.assertAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the network forwarder of " + name + " did not start within "
                        + FORWARDER_START + "; log: " + logFile);
            }
            Polling.sleep(Duration.ofMillis(50));
        }
    }

    private void run(String... command) {
        ManagedProcess.runToCompletion(String.join(" ", command), List.of(command), logFile, Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        if (forwarder != null) {
            forwarder.stop(Duration.ofSeconds(5));
        }
        try {
            new ProcessBuilder("/usr/sbin/ip", "netns", "del", name).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            // nothing else to clean up: the namespace is gone or was never made
        }
    }

    private static String classpathOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type, e);
        }
    }
}
