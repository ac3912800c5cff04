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
 * inside a pod's network namespace to its localhost:port, as the kubelet's port-forward does (daprd's HTTP API
 * listens on the pod's loopback only). How a test talks to the app's API or to daprd's HTTP API in a pod.
 */
public final class PortForward implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PortForward.class);

    /** Opens one connection to the forwarded port. */
    @FunctionalInterface
    public interface Connector {
        SocketChannel connect() throws IOException;
    }

    private final Connector connector;
    private final String description;
    private final ServerSocketChannel server;

    private PortForward(Connector connector, String description) throws IOException {
        this.connector = connector;
        this.description = description;
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(this::acceptLoop, "port-forward " + description);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static PortForward open(Connector connector, String description) {
        try {
            return new PortForward(connector, description);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a port-forward to " + description, e);
        }
    }

    /** The local port: http://127.0.0.1:{localPort} reaches the forwarded port. */
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
                    Pipe.start("port-forward " + description, client, connector.connect());
                } catch (IOException | RuntimeException e) {
                    LOG.debug("port-forward to {} failed: {}", description, e.toString());
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
