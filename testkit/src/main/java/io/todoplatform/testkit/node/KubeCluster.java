package io.todoplatform.testkit.node;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.todoplatform.testkit.kube.KubeApiServer;
import io.todoplatform.testkit.kube.KubeBinaries;
import io.todoplatform.testkit.node.network.ClusterNetwork;
import io.todoplatform.testkit.process.TempDirs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-node Kubernetes cluster whose Pods really run: {@link KubeApiServer} (etcd, kube-apiserver,
 * kube-controller-manager with the workload controllers), the {@link ClusterNetwork} and a {@link Kubelet}.
 * kube-apiserver reaches Services in the cluster (admission webhooks) through the network's egress socket.
 *
 * <pre>{@code
 * try (KubeCluster cluster = KubeCluster.start(logDir, images)) {
 *     cluster.client().apps().deployments()...;      // the ReplicaSet controller creates Pods, the node runs them
 *     cluster.kubelet().awaitPod(ns, name, timeout).portForward(8080);
 * }
 * }</pre>
 */
public final class KubeCluster implements AutoCloseable {

    /**
     * The test API server's controllers, plus those that turn workloads into running Pods and Services into
     * endpoints, and the publisher of kube-root-ca.crt that in-cluster clients read.
     */
    public static final List<String> CONTROLLERS;

    static {
        List<String> controllers = new ArrayList<>(KubeApiServer.DEFAULT_CONTROLLERS);
        controllers.addAll(List.of("deployment-controller", "replicaset-controller", "statefulset-controller",
                "endpointslice-controller", "root-ca-certificate-publisher-controller"));
        CONTROLLERS = List.copyOf(controllers);
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final Path workDir;
    private final ClusterNetwork network;
    private final KubeApiServer apiServer;
    private final KubernetesClient client;
    private final Kubelet kubelet;
    // A test JVM that exits without close() must not leave pods, network namespaces or servers behind.
    private final Thread shutdownHook = new Thread(this::stop, "kube-cluster-shutdown");
    private boolean closed;

    private KubeCluster(Path logDir, ImageRegistry images) {
        workDir = TempDirs.create("todo-cluster-");
        ClusterNetwork startedNetwork = null;
        KubeApiServer startedApiServer = null;
        KubernetesClient startedClient = null;
        try {
            startedNetwork = ClusterNetwork.start(workDir);
            Path egress = startedNetwork.writeEgressSelectorConfig(workDir.resolve("egress-selector.yaml"));
            // Each controller acts as its own service account, as kube-controller-manager does in a cluster: the
            // sidecar injector admits Pods by the requesting controller's service-account UID.
            startedApiServer = new KubeApiServer(KubeBinaries.require(), logDir.resolve("control-plane"), CONTROLLERS,
                    List.of("--egress-selector-config-file=" + egress),
                    List.of("--use-service-account-credentials=true")).start();
            // A freshly started API server on a loaded shared machine can take longer than fabric8's default 10 s.
            startedClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(startedApiServer.config())
                    .withRequestTimeout((int) REQUEST_TIMEOUT.toMillis()).build()).build();
            startedNetwork.attach(startedClient);
            reserveClusterDns(startedClient);
            network = startedNetwork;
            apiServer = startedApiServer;
            client = startedClient;
            kubelet = Kubelet.start(client, network, images, logDir.resolve("pods"));
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } catch (RuntimeException e) {
            if (startedClient != null) {
                startedClient.close();
            }
            if (startedApiServer != null) {
                startedApiServer.close();
            }
            if (startedNetwork != null) {
                startedNetwork.close();
            }
            TempDirs.deleteRecursively(workDir);
            throw e;
        }
    }

    public static KubeCluster start(Path logDir, ImageRegistry images) {
        return new KubeCluster(logDir, images);
    }

    /** kube-dns with the ClusterIP the pods' resolv.conf names; the network answers its queries. */
    private static void reserveClusterDns(KubernetesClient client) {
        client.services().inNamespace("kube-system").resource(new ServiceBuilder()
                .withNewMetadata().withName("kube-dns").withNamespace("kube-system")
                .addToLabels("k8s-app", "kube-dns").endMetadata()
                .withNewSpec().withClusterIP(ClusterNetwork.DNS_IP)
                .addNewPort().withName("dns").withProtocol("UDP").withPort(53).endPort()
                .addNewPort().withName("dns-tcp").withProtocol("TCP").withPort(53).endPort()
                .endSpec().build()).create();
    }

    /** An admin client of the cluster, closed with it. */
    public KubernetesClient client() {
        return client;
    }

    public KubeApiServer apiServer() {
        return apiServer;
    }

    public ClusterNetwork network() {
        return network;
    }

    public Kubelet kubelet() {
        return kubelet;
    }

    public Namespace createNamespace(String name) {
        return client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
                .build()).serverSideApply();
    }

    /** Stops the pods first (their containers talk to the API server while shutting down), then the rest. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it stops the same things
        }
        stop();
    }

    private synchronized void stop() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kubelet.close();
        } finally {
            try {
                client.close();
                apiServer.close();
            } finally {
                network.close();
                TempDirs.deleteRecursively(workDir);
            }
        }
    }
}
