package io.todoplatform.testkit.node.network;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network of the test cluster, in the test JVM and one "node" network namespace: what a CNI plugin,
 * kube-proxy, CoreDNS and a Konnectivity proxy do on a real cluster.
 *
 * <ul>
 *   <li>Pods (CNI, routed like Calico): each pod's namespace gets an {@code eth0} with its pod IP, a veth into the
 *   node namespace, and routes for the pod and Service ranges via 169.254.1.1 (the node end of every veth). The
 *   node namespace forwards between the veths: pod to pod is plain routed IP.</li>
 *   <li>Services (kube-proxy): the node namespace routes the whole Service range to itself; its
 *   {@link NetnsForwarder} listens on every ClusterIP:port and tunnels each connection over a Unix socket
 *   ({@code CONNECT ip:port}) to this hub, which picks a ready endpoint from the Service's EndpointSlices and
 *   connects to it: a pod through the node namespace again, the API server on the host.</li>
 *   <li>DNS (CoreDNS): the node forwarder answers the pods' resolver ({@link #DNS_IP}) by asking the hub:
 *   {@code <service>.<namespace>.svc.cluster.local} is the ClusterIP or the pods behind a headless Service,
 *   {@code <hostname>.<service>.<namespace>.svc...} that pod's IP.</li>
 *   <li>kube-apiserver reaches webhooks the same way: its egress selector for the {@code cluster} network
 *   ({@link #writeEgressSelectorConfig}) sends HTTP CONNECT over {@link #socket()}.</li>
 *   <li>Outside the cluster: the API server and the host ports the test exposes with {@link #exposeHostPort}
 *   (Kafka, PostgreSQL: this cluster's internet) run on the host's loopback. A pod reaches an exposed port at its
 *   own 127.0.0.1 (the address the test gave the component), through a forwarder in the pod's namespace.</li>
 * </ul>
 *
 * Nothing here puts an address outside 127.0.0.0/8 on the host: the pod and Service ranges exist only inside the
 * namespaces the tests create and delete.
 */
public final class ClusterNetwork implements AutoCloseable {

    /** Must equal kube-apiserver's --service-cluster-ip-range (KubeApiServer). */
    public static final String SERVICE_PREFIX = "10.0.0.";
    public static final String SERVICE_CIDR = "10.0.0.0/24";
    /** The cluster DNS address in every pod's resolv.conf; the harness reserves it with a kube-dns Service. */
    public static final String DNS_IP = "10.0.0.10";
    public static final String POD_PREFIX = "10.244.0.";
    public static final String POD_CIDR = "10.244.0.0/24";
    public static final String CLUSTER_DOMAIN = "cluster.local";
    /** The node end of every pod's veth, the pods' next hop (Calico uses the same link-local address). */
    public static final String NODE_GATEWAY = "169.254.1.1";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNetwork.class);
    private static final String SERVICE_DOMAIN = ".svc." + CLUSTER_DOMAIN;

    private final Path socket;
    private final Path nodeInbound;
    private final Netns node;
    private final AtomicInteger veths = new AtomicInteger();
    private final ServerSocketChannel server;
    private final Set<Integer> hostPorts = ConcurrentHashMap.newKeySet();
    private final Map<String, PodRoute> pods = new ConcurrentHashMap<>();
    private final BitSet podIps = new BitSet(256);
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> endpointSlices;
    private volatile boolean closed;

    /** A pod on the network: which Pod has this IP. */
    public record PodRoute(String namespace, String name, String ip) {
    }

    private ClusterNetwork(Path dir) throws IOException {
        this.socket = dir.resolve("cluster-network.sock");
        this.nodeInbound = dir.resolve("node-inbound.sock");
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread acceptor = new Thread(this::acceptLoop, "cluster-network");
        acceptor.setDaemon(true);
        acceptor.start();
        node = Netns.create("todonode", dir.resolve("node-network.log"));
        try {
            node.ip("route", "add", "local", SERVICE_CIDR, "dev", "lo", "table", "local");
            node.sysctl("net.ipv4.ip_forward", "1");
            node.startForwarder(socket, nodeInbound, "node");
        } catch (RuntimeException e) {
            node.close();
            Pipe.closeQuietly(server);
            throw e;
        }
    }

    /**
     * Starts the hub on a Unix socket in {@code dir}. Routing and DNS need {@link #attach} (the API server they
     * read Services from), which can come later: kube-apiserver needs this socket before it starts.
     */
    public static ClusterNetwork start(Path dir) {
        try {
            Files.createDirectories(dir);
            return new ClusterNetwork(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cluster network socket in " + dir, e);
        }
    }

    /** Reads Services and EndpointSlices from this API server from now on. */
    public synchronized void attach(KubernetesClient client) {
        services = client.services().inAnyNamespace().inform();
        endpointSlices = client.discovery().v1().endpointSlices().inAnyNamespace().inform();
    }

    /** The Unix socket of the hub (HTTP CONNECT, plus the pods' control requests). */
    public Path socket() {
        return socket;
    }

    /**
     * kube-apiserver's --egress-selector-config-file: the "cluster" network (service-referenced webhooks, the
     * proxy to pods and services) goes through this hub, as through a Konnectivity server.
     */
    public Path writeEgressSelectorConfig(Path file) {
        String config = String.join("\n",
                "apiVersion: apiserver.k8s.io/v1beta1",
                "kind: EgressSelectorConfiguration",
                "egressSelections:",
                "- name: cluster",
                "  connection:",
                "    proxyProtocol: HTTPConnect",
                "    transport:",
                "      uds:",
                "        udsName: " + socket,
                "");
        try {
            Files.writeString(file, config, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Makes 127.0.0.1:port of the host reachable from every pod at its own 127.0.0.1:port (Kafka, PostgreSQL). */
    public void exposeHostPort(int port) {
        hostPorts.add(port);
    }

    /** A free pod IP from {@link #POD_CIDR} (the CNI plugin's IPAM). */
    public synchronized String allocatePodIp() {
        int host = podIps.nextClearBit(2);
        if (host > 254) {
            throw new IllegalStateException("no free pod IP in " + POD_CIDR);
        }
        podIps.set(host);
        return POD_PREFIX + host;
    }

    public synchronized void releasePodIp(String ip) {
        if (ip != null && ip.startsWith(POD_PREFIX)) {
            podIps.clear(Integer.parseInt(ip.substring(POD_PREFIX.length())));
        }
    }

    /**
     * The CNI ADD of a pod: a veth from the pod's namespace ({@code eth0}, the pod IP) into the node's, and the
     * routes both ways. The veth disappears with the pod's namespace.
     */
    public void connectPod(Netns pod, PodRoute route) {
        String veth = "veth" + veths.incrementAndGet();
        pod.ip("link", "add", "eth0", "type", "veth", "peer", "name", veth, "netns", node.name());
        pod.ip("addr", "add", route.ip() + "/32", "dev", "eth0");
        pod.ip("link", "set", "eth0", "up");
        pod.ip("route", "add", NODE_GATEWAY, "dev", "eth0", "scope", "link");
        pod.ip("route", "add", SERVICE_CIDR, "via", NODE_GATEWAY, "dev", "eth0");
        pod.ip("route", "add", POD_CIDR, "via", NODE_GATEWAY, "dev", "eth0");
        node.ip("addr", "add", NODE_GATEWAY + "/32", "dev", veth);
        node.ip("link", "set", veth, "up");
        node.ip("route", "add", route.ip() + "/32", "dev", veth);
        pods.put(route.ip(), route);
    }

    /** The CNI DEL (the namespace's deletion removes the veth and its routes). */
    public void disconnectPod(String ip) {
        pods.remove(ip);
    }

    /** Opens a connection from the node to ip:port of a pod (probes, port-forwards). */
    public SocketChannel connectToPod(String podIp, int port) throws IOException {
        if (!pods.containsKey(podIp)) {
            throw new IOException("no running pod has IP " + podIp);
        }
        return Tunnel.connect(nodeInbound, podIp + ":" + port, "node");
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel connection = server.accept();
                Thread handler = new Thread(() -> handle(connection), "cluster-network-conn");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("cluster network stopped accepting: {}", e.toString());
                }
                return;
            }
        }
    }

    private void handle(SocketChannel connection) {
        try {
            Tunnel.Head head = Tunnel.readHead(connection);
            String target = head.secondWord();
            switch (head.method()) {
                case "CONNECT" -> tunnel(connection, target, head.header("X-Client"));
                case "GET" -> {
                    if (target.startsWith("/listeners?netns=")) {
                        byte[] body = String.join("\n", listenersFor(target.substring("/listeners?netns=".length())))
                                .getBytes(StandardCharsets.UTF_8);
                        Tunnel.respond(connection, 200, "OK", body);
                    } else {
                        Tunnel.respond(connection, 404, "Not Found", new byte[0]);
                    }
                    connection.close();
                }
                case "POST" -> {
                    byte[] query = Tunnel.readBody(connection, head.contentLength());
                    Tunnel.respond(connection, 200, "OK", resolve(query));
                    connection.close();
                }
                default -> {
                    Tunnel.respond(connection, 405, "Method Not Allowed", new byte[0]);
                    connection.close();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cluster network request failed: {}", e.toString());
            Pipe.closeQuietly(connection);
        }
    }

    private void tunnel(SocketChannel connection, String target, String client) throws IOException {
        SocketChannel upstream;
        try {
            upstream = route(target);
        } catch (IOException e) {
            LOG.info("no route from {} to {}: {}", client, target, e.getMessage());
            Tunnel.respond(connection, 503, "Service Unavailable", e.getMessage().getBytes(StandardCharsets.UTF_8));
            connection.close();
            return;
        }
        Tunnel.established(connection);
        Pipe.start("tunnel " + target, connection, upstream);
    }

    /** kube-proxy's decision for one connection: which endpoint serves host:port, then connect to it. */
    private SocketChannel route(String target) throws IOException {
        int colon = target.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("not host:port: " + target);
        }
        String host = target.substring(0, colon);
        int port = Integer.parseInt(target.substring(colon + 1));
        if (pods.containsKey(host)) {
            return connectToPod(host, port);
        }
        if (host.startsWith(SERVICE_PREFIX)) {
            Service service = serviceByClusterIp(host);
            if (service == null) {
                throw new IOException("no Service has ClusterIP " + host);
            }
            return connectToEndpoint(service, port);
        }
        if (isLoopback(host) && hostPorts.contains(port)) {
            return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        }
        throw new IOException(target + " is neither a Service, a pod nor an exposed host port");
    }

    private SocketChannel connectToEndpoint(Service service, int port) throws IOException {
        ServicePort servicePort = service.getSpec().getPorts().stream()
                .filter(p -> p.getPort() == port).findFirst()
                .orElseThrow(() -> new IOException("Service " + key(service) + " has no port " + port));
        List<InetSocketAddress> endpoints = endpoints(service, servicePort);
        if (endpoints.isEmpty()) {
            throw new IOException("Service " + key(service) + " port " + port + " has no ready endpoint");
        }
        InetSocketAddress endpoint = endpoints.get(ThreadLocalRandom.current().nextInt(endpoints.size()));
        String address = endpoint.getHostString();
        if (pods.containsKey(address)) {
            return connectToPod(address, endpoint.getPort());
        }
        if (isLoopback(address)) {
            // The API server: the endpoint of default/kubernetes is its advertise address on the host.
            return SocketChannel.open(endpoint);
        }
        throw new IOException("endpoint " + endpoint + " of Service " + key(service) + " is not a running pod");
    }

    /** Ready endpoints of one Service port (all of them with publishNotReadyAddresses), from its EndpointSlices. */
    private List<InetSocketAddress> endpoints(Service service, ServicePort servicePort) {
        boolean includeNotReady = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses());
        String portName = Objects.requireNonNullElse(servicePort.getName(), "");
        List<InetSocketAddress> result = new ArrayList<>();
        for (EndpointSlice slice : slicesOf(service)) {
            Integer targetPort = slice.getPorts() == null ? null : slice.getPorts().stream()
                    .filter(p -> portName.equals(Objects.requireNonNullElse(p.getName(), "")))
                    .map(io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort::getPort)
                    .filter(Objects::nonNull).findFirst().orElse(null);
            if (targetPort == null || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint endpoint : slice.getEndpoints()) {
                boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                        || endpoint.getConditions().getReady();
                if (ready || includeNotReady) {
                    endpoint.getAddresses().forEach(a -> result.add(InetSocketAddress.createUnresolved(a, targetPort)));
                }
            }
        }
        if (result.isEmpty() && "default".equals(service.getMetadata().getNamespace())
                && "kubernetes".equals(service.getMetadata().getName()) && servicePort.getTargetPort() != null) {
            // kube-apiserver publishes no endpoint for a loopback advertise address: its Service's targetPort on
            // the host's loopback is where it listens.
            result.add(InetSocketAddress.createUnresolved("127.0.0.1", servicePort.getTargetPort().getIntVal()));
        }
        return result.stream().map(a -> new InetSocketAddress(a.getHostString(), a.getPort())).toList();
    }

    private List<EndpointSlice> slicesOf(Service service) {
        if (endpointSlices == null) {
            return List.of();
        }
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        return endpointSlices.getStore().list().stream()
                .filter(s -> namespace.equals(s.getMetadata().getNamespace()))
                .filter(s -> s.getMetadata().getLabels() != null
                        && name.equals(s.getMetadata().getLabels().get("kubernetes.io/service-name")))
                .toList();
    }

    private Service serviceByClusterIp(String ip) {
        if (services == null) {
            return null;
        }
        return services.getStore().list().stream()
                .filter(s -> ip.equals(s.getSpec().getClusterIP()))
                .findFirst().orElse(null);
    }

    /** What a namespace's forwarder listens on: the node every ClusterIP and DNS, a pod the exposed host ports. */
    List<String> listenersFor(String role) {
        List<String> listeners = new ArrayList<>();
        if ("pod".equals(role)) {
            hostPorts.forEach(p -> listeners.add("tcp 127.0.0.1:" + p));
            return listeners;
        }
        listeners.add("udp " + DNS_IP + ":53");
        if (services != null) {
            for (Service service : services.getStore().list()) {
                String clusterIp = service.getSpec().getClusterIP();
                if (clusterIp == null || !clusterIp.startsWith(SERVICE_PREFIX) || DNS_IP.equals(clusterIp)) {
                    continue;
                }
                for (ServicePort port : service.getSpec().getPorts()) {
                    if (port.getProtocol() == null || "TCP".equals(port.getProtocol())) {
                        listeners.add("tcp " + clusterIp + ":" + port.getPort());
                    }
                }
            }
        }
        return listeners;
    }

    /** CoreDNS for the cluster domain: Services, headless Services' pods, pods by hostname.subdomain. */
    byte[] resolve(byte[] queryBytes) {
        DnsMessage query = DnsMessage.parseQuery(queryBytes);
        if (query == null) {
            return DnsMessage.formatError(queryBytes);
        }
        List<String> ips = lookup(query.name());
        if (ips == null) {
            return query.nameError();
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String ip : ips) {
            try {
                addresses.add(InetAddress.getByName(ip));
            } catch (UnknownHostException e) {
                // not an IP literal: cannot happen for Service and pod addresses
            }
        }
        return query.answer(addresses);
    }

    /** The addresses of a cluster name, or null when the name does not exist. */
    List<String> lookup(String name) {
        if (!name.endsWith(SERVICE_DOMAIN) || services == null) {
            return null;
        }
        String[] labels = name.substring(0, name.length() - SERVICE_DOMAIN.length()).split("\\.");
        if (labels.length == 2) {
            Service service = service(labels[1], labels[0]);
            if (service == null) {
                return null;
            }
            String clusterIp = service.getSpec().getClusterIP();
            if (clusterIp != null && !"None".equals(clusterIp)) {
                return List.of(clusterIp);
            }
            List<String> ips = new ArrayList<>();
            for (EndpointSlice slice : slicesOf(service)) {
                if (slice.getEndpoints() != null) {
                    for (Endpoint endpoint : slice.getEndpoints()) {
                        boolean ready = endpoint.getConditions() == null || endpoint.getConditions().getReady() == null
                                || endpoint.getConditions().getReady();
                        if (ready || Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses())) {
                            ips.addAll(endpoint.getAddresses());
                        }
                    }
                }
            }
            return ips;
        }
        if (labels.length == 3) {
            Service service = service(labels[2], labels[1]);
            if (service == null) {
                return null;
            }
            for (EndpointSlice slice : slicesOf(service)) {
                if (slice.getEndpoints() != null) {
                    for (Endpoint endpoint : slice.getEndpoints()) {
                        if (labels[0].equals(endpoint.getHostname())) {
                            return List.copyOf(endpoint.getAddresses());
                        }
                    }
                }
            }
            return null;
        }
        return null;
    }

    private Service service(String namespace, String name) {
        return services.getStore().getByKey(namespace + "/" + name);
    }

    private static boolean isLoopback(String host) {
        return host.startsWith("127.");
    }

    private static String key(Service service) {
        return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
    }

    @Override
    public synchronized void close() {
        closed = true;
        node.close();
        Pipe.closeQuietly(server);
        if (services != null) {
            services.close();
        }
        if (endpointSlices != null) {
            endpointSlices.close();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException ignored) {
            // a stale socket file in a temp dir is harmless
        }
    }
}
