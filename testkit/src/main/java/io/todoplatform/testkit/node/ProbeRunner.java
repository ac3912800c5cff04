package io.todoplatform.testkit.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.todoplatform.testkit.node.network.ClusterNetwork;
import io.todoplatform.testkit.node.network.Tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One container's readiness probe (httpGet or tcpSocket), run from the node to the pod's IP on the probe's
 * schedule: initialDelaySeconds, then every second until the first success (a pod is Ready sooner than with
 * periodSeconds; tests are short), then every periodSeconds; failureThreshold; successThreshold 1. The timeout is
 * the probe's timeoutSeconds but at least {@link #MIN_TIMEOUT}: on two shared cores a JVM can take more than a
 * second to answer, and a flapping Ready would only move the pod in and out of its Services.
 */
final class ProbeRunner {

    static final Duration MIN_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterNetwork network;
    private final ExecutorService executor;
    private final Container container;
    private final Probe probe;
    private final String podIp;
    private final Instant firstProbe;
    private Instant nextProbe;
    private int failures;
    private boolean ready;
    private String lastFailure = "";

    ProbeRunner(ClusterNetwork network, ExecutorService executor, Container container, String podIp, Instant started) {
        this.network = network;
        this.executor = executor;
        this.container = container;
        this.probe = container.getReadinessProbe();
        this.podIp = podIp;
        int delay = probe == null || probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds();
        this.firstProbe = started.plusSeconds(delay);
        this.nextProbe = firstProbe;
    }

    /** Probes when due; a container without a readiness probe is ready as soon as it runs. */
    boolean ready(Instant now) {
        if (probe == null) {
            return true;
        }
        if (now.isBefore(nextProbe)) {
            return ready;
        }
        int period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
        int threshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
        nextProbe = now.plusSeconds(ready ? period : Math.min(period, 1));
        String failure = runOnce();
        if (failure == null) {
            failures = 0;
            ready = true;
        } else {
            lastFailure = failure;
            failures++;
            if (!ready || failures >= threshold) {
                ready = false;
            }
        }
        return ready;
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Null on success, else why the probe failed. */
    private String runOnce() {
        long timeoutSeconds = Math.max(MIN_TIMEOUT.toSeconds(),
                probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds());
        Future<String> attempt = executor.submit(this::attempt);
        try {
            return attempt.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            return "timed out after " + timeoutSeconds + "s";
        } catch (ExecutionException e) {
            return e.getCause().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private String attempt() throws IOException {
        if (probe.getHttpGet() != null) {
            int port = port(probe.getHttpGet().getPort());
            String path = probe.getHttpGet().getPath() == null ? "/" : probe.getHttpGet().getPath();
            try (SocketChannel channel = network.connectToPod(podIp, port)) {
                String request = "GET " + path + " HTTP/1.1\r\nHost: " + podIp + ":" + port
                        + "\r\nUser-Agent: kube-probe/1.35\r\nAccept: */*\r\nConnection: close\r\n\r\n";
                ByteBuffer buffer = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                Tunnel.Head head = Tunnel.readHead(channel);
                int status = Integer.parseInt(head.secondWord());
                return status >= 200 && status < 400 ? null : "HTTP probe failed with statuscode: " + status;
            }
        }
        if (probe.getTcpSocket() != null) {
            try (SocketChannel ignored = network.connectToPod(podIp, port(probe.getTcpSocket().getPort()))) {
                return null;
            }
        }
        // exec and grpc probes are not run by this node: treated as passing.
        return null;
    }

    /** A probe port is a number or the name of one of the container's ports. */
    private int port(IntOrString port) throws IOException {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        if (container.getPorts() != null) {
            for (ContainerPort candidate : container.getPorts()) {
                if (port.getStrVal().equals(candidate.getName())) {
                    return candidate.getContainerPort();
                }
            }
        }
        throw new IOException("container " + container.getName() + " has no port named " + port.getStrVal());
    }
}
