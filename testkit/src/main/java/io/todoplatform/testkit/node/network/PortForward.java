package io.todoplatform.testkit.node.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl port-forward} for the test: a free port on the host's 127.0.0.1 whose connections are opened
 * inside a pod's network namespace, at the pod's IP and the given port. How a test talks to the app's API or to
 * daprd's HTTP API in a pod.
 */
public final class PortForward implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PortForward.class);

    private final ClusterNetwork network;
    private final String podIp;
    private final int podPort;
    private final ServerSocketChannel server;

    private PortForward(ClusterNetwork network, String podIp, int podPort) throws IOException {
        this.network = network;
        this.podIp = podIp;
        this.podPort = podPort;
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "port-forward " + podIp + ":" + podPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static PortForward open(ClusterNetwork network, String podIp, int podPort) {
        try {
            return new PortForward(network, podIp, podPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a port-forward to " + podIp + ":" + podPort, e);
        }
    }

    /** The local port: http://127.0.0.1:{localPort} reaches podIp:podPort. */
    public int localPort() {
        return ((InetSocketAddress) localAddress()).getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + localPort();
    }

    private java.net.SocketAddress localAddress() {
        try {
            return server.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                try {
                    Pipe.start("port-forward " + podIp + ":" + podPort, client, network.connectToPod(podIp, podPort));
                } catch (IOException e) {
                    LOG.debug("port-forward to {}:{} failed: {}", podIp, podPort, e.getMessage());
                    Pipe.closeQuietly(client);
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        Pipe.closeQuietly(server);
    }
}
