package io.todoplatform.testkit.node.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The helper process inside a network namespace of the cluster, its end of {@link ClusterNetwork}. Two roles:
 *
 * <ul>
 *   <li>{@code node}, in the node's namespace that routes between the pods: listens on every Service
 *   ClusterIP:port (the namespace routes the whole service range locally) and tunnels each connection to the hub,
 *   which picks the endpoint, as kube-proxy would; answers DNS on the cluster DNS address by relaying the queries
 *   to the hub (CoreDNS's job); and serves an inbound Unix socket on which {@code CONNECT ip:port} opens a
 *   connection from the node to a pod (probes, port-forwards, Service traffic to pods, webhook calls).</li>
 *   <li>{@code pod}, in a pod's namespace: listens only on the host ports the test exposes (Kafka, PostgreSQL on
 *   the host's 127.0.0.1) at the pod's own 127.0.0.1, and tunnels them to the hub.</li>
 * </ul>
 *
 * Run as {@code nsenter --net=<ns> java -cp <testkit> ...NetnsForwarder <hub socket> <inbound socket> <role>};
 * it prints {@code ready} once its sockets are up, and runs until killed.
 */
public final class NetnsForwarder {

    private static final long SYNC_INTERVAL_MILLIS = 1000;

    private final Path hub;
    private final Path inbound;
    private final String role;
    private final Map<String, NetworkChannel> listeners = new HashMap<>();
    private final ExecutorService dnsWorkers = Executors.newFixedThreadPool(4, daemon("dns"));

    private NetnsForwarder(Path hub, Path inbound, String role) {
        this.hub = hub;
        this.inbound = inbound;
        this.role = role;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: NetnsForwarder <hub socket> <inbound socket> node|pod");
            System.exit(2);
        }
        new NetnsForwarder(Path.of(args[0]), Path.of(args[1]), args[2]).run();
    }

    private void run() throws Exception {
        ServerSocketChannel inboundServer = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Files.deleteIfExists(inbound);
        inboundServer.bind(UnixDomainSocketAddress.of(inbound));
        startDaemon("inbound", () -> acceptInbound(inboundServer));
        sync();
        System.out.println("ready");
        System.out.flush();
        while (true) {
            Thread.sleep(SYNC_INTERVAL_MILLIS);
            try {
                sync();
            } catch (IOException e) {
                log("listener sync failed: " + e.getMessage());
            }
        }
    }

    /** Makes the open listeners match the hub's list for this pod ("tcp ip:port" / "udp ip:port" lines). */
    private void sync() throws IOException {
        String answer = new String(Tunnel.exchange(hub, "GET", "/listeners?netns=" + role, new byte[0]),
                StandardCharsets.UTF_8);
        Set<String> wanted = new HashSet<>(Arrays.asList(answer.split("\n")));
        wanted.remove("");
        for (String key : Set.copyOf(listeners.keySet())) {
            if (!wanted.contains(key)) {
                Pipe.closeQuietly(listeners.remove(key));
            }
        }
        for (String key : wanted) {
            if (!listeners.containsKey(key)) {
                try {
                    listeners.put(key, open(key));
                } catch (IOException e) {
                    // e.g. a host port that equals a port a container of this pod already listens on
                    log("cannot listen on " + key + ": " + e.getMessage());
                }
            }
        }
    }

    private NetworkChannel open(String key) throws IOException {
        String[] parts = key.split(" ", 2);
        String address = parts[1];
        int colon = address.lastIndexOf(':');
        InetSocketAddress local = new InetSocketAddress(address.substring(0, colon),
                Integer.parseInt(address.substring(colon + 1)));
        if ("udp".equals(parts[0])) {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(local);
            startDaemon("dns " + address, () -> serveDns(channel));
            return channel;
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(local, 128);
        startDaemon("listen " + address, () -> acceptOutbound(server, address));
        return server;
    }

    private void acceptOutbound(ServerSocketChannel server, String target) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                startDaemon("to " + target, () -> {
                    try {
                        SocketChannel tunnel = Tunnel.connect(hub, target, role);
                        Pipe.run("to " + target, client, tunnel);
                    } catch (IOException e) {
                        log("no route to " + target + ": " + e.getMessage());
                        Pipe.closeQuietly(client);
                    }
                });
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                log("accept on " + target + " failed: " + e.getMessage());
            }
        }
    }

    private void acceptInbound(ServerSocketChannel server) {
        while (true) {
            try {
                SocketChannel client = server.accept();
                startDaemon("inbound", () -> serveInbound(client));
            } catch (IOException e) {
                log("inbound accept failed: " + e.getMessage());
                return;
            }
        }
    }

    private void serveInbound(SocketChannel client) {
        try {
            Tunnel.Head head = Tunnel.readHead(client);
            String target = head.secondWord();
            if (!"CONNECT".equals(head.method())) {
                Tunnel.respond(client, 405, "Method Not Allowed", new byte[0]);
                client.close();
                return;
            }
            int colon = target.lastIndexOf(':');
            SocketChannel upstream;
            try {
                upstream = SocketChannel.open(new InetSocketAddress(target.substring(0, colon),
                        Integer.parseInt(target.substring(colon + 1))));
            } catch (IOException refused) {
                Tunnel.respond(client, 503, "Service Unavailable", refused.toString().getBytes(StandardCharsets.UTF_8));
                client.close();
                return;
            }
            Tunnel.established(client);
            Pipe.run("inbound to " + target, client, upstream);
        } catch (IOException e) {
            Pipe.closeQuietly(client);
        }
    }

    private void serveDns(DatagramChannel channel) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress sender = channel.receive(buffer);
                buffer.flip();
                byte[] query = new byte[buffer.remaining()];
                buffer.get(query);
                dnsWorkers.submit(() -> {
                    try {
                        byte[] answer = Tunnel.exchange(hub, "POST", "/dns", query);
                        channel.send(ByteBuffer.wrap(answer), sender);
                    } catch (IOException e) {
                        log("DNS relay failed: " + e.getMessage());
                    }
                });
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                log("DNS receive failed: " + e.getMessage());
            }
        }
    }

    private static void startDaemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return body -> {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }
}
