package io.todoplatform.testkit.node;

import io.todoplatform.testkit.node.network.ClusterNetwork;
import io.todoplatform.testkit.node.network.Netns;

import java.nio.file.Path;

/**
 * A pod's sandbox: its own network namespace (what the pause container holds on a node), wired into the cluster
 * network as a CNI plugin would ({@link ClusterNetwork#connectPod}), plus a forwarder in it through which the pod
 * reaches the host ports the test exposes and port-forwards reach the pod's localhost. Everything it creates lives inside the namespace and goes away with
 * {@link #close()}.
 */
final class PodSandbox implements AutoCloseable {

    private final ClusterNetwork network;
    private final Netns netns;
    private final String podIp;
    private final Path inboundSocket;

    private PodSandbox(ClusterNetwork network, Netns netns, String podIp, Path inboundSocket) {
        this.network = network;
        this.netns = netns;
        this.podIp = podIp;
        this.inboundSocket = inboundSocket;
    }

    static PodSandbox create(ClusterNetwork network, ClusterNetwork.PodRoute route, Path podDir, Path logFile) {
        Netns netns = Netns.create("todopod", logFile);
        PodSandbox sandbox = new PodSandbox(network, netns, route.ip(), podDir.resolve("pod-inbound.sock"));
        try {
            network.connectPod(netns, route);
            netns.startForwarder(network.socket(), sandbox.inboundSocket, "pod");
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    Path netnsPath() {
        return netns.path();
    }

    /** A connection to localhost:port inside the pod (what the kubelet's port-forward opens). */
    java.nio.channels.SocketChannel connectToLocalhost(int port) throws java.io.IOException {
        return io.todoplatform.testkit.node.network.Tunnel.connect(inboundSocket, "127.0.0.1:" + port, "port-forward");
    }

    @Override
    public void close() {
        network.disconnectPod(podIp);
        netns.close();
    }
}
