package io.todoplatform.testkit.node;

import io.todoplatform.testkit.node.network.ClusterNetwork;
import io.todoplatform.testkit.node.network.Netns;

import java.nio.file.Path;

/**
 * A pod's sandbox: its own network namespace (what the pause container holds on a node), wired into the cluster
 * network as a CNI plugin would ({@link ClusterNetwork#connectPod}), plus the forwarder through which the pod
 * reaches the host ports the test exposes. Everything it creates lives inside the namespace and goes away with
 * {@link #close()}.
 */
final class PodSandbox implements AutoCloseable {

    private final ClusterNetwork network;
    private final Netns netns;
    private final String podIp;

    private PodSandbox(ClusterNetwork network, Netns netns, String podIp) {
        this.network = network;
        this.netns = netns;
        this.podIp = podIp;
    }

    static PodSandbox create(ClusterNetwork network, ClusterNetwork.PodRoute route, Path podDir, Path logFile) {
        Netns netns = Netns.create("todopod", logFile);
        PodSandbox sandbox = new PodSandbox(network, netns, route.ip());
        try {
            network.connectPod(netns, route);
            if (!network.exposedHostPorts().isEmpty()) {
                netns.startForwarder(network.socket(), podDir.resolve("pod-inbound.sock"), "pod");
            }
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    Path netnsPath() {
        return netns.path();
    }

    String podIp() {
        return podIp;
    }

    @Override
    public void close() {
        network.disconnectPod(podIp);
        netns.close();
    }
}
