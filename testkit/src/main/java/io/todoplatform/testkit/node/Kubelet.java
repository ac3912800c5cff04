package io.todoplatform.testkit.node;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.todoplatform.testkit.node.network.ClusterNetwork;
import io.todoplatform.testkit.node.network.PortForward;
import io.todoplatform.testkit.process.ManagedProcess;
import io.todoplatform.testkit.process.Polling;
import io.todoplatform.testkit.process.TempDirs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node of the test cluster: a stand-in for the kubelet (and, for its single node, the scheduler), so that
 * the Pods the API server holds — created by the ReplicaSet and StatefulSet controllers and mutated by admission
 * webhooks — really run, exactly as their spec says.
 *
 * <ul>
 *   <li>Registers a Node and binds every unscheduled Pod to it (a one-node kube-scheduler).</li>
 *   <li>Runs each bound Pod ({@link PodWorker}): its own network namespace ({@link PodSandbox}); its volumes,
 *   with service-account tokens from the TokenRequest API bound to the Pod; each container as a process in its
 *   own mount namespace and root filesystem, as the image's (or securityContext's) non-root user, with exactly
 *   the command, args and environment of the spec, {@code valueFrom} resolved from the API server
 *   ({@link ContainerProcess}, {@link PodEnvironment}).</li>
 *   <li>Restarts exited containers with back-off, runs readiness probes, and writes the Pod status (phase,
 *   IPs, Ready conditions, container states) back, which the ReplicaSet, Deployment and EndpointSlice
 *   controllers build on.</li>
 *   <li>Finishes graceful deletions: SIGTERM, terminationGracePeriodSeconds, SIGKILL, then the Pod is removed.</li>
 * </ul>
 *
 * Memory limits are enforced ({@link MemoryCgroups}). Not done (see the docs of the Kubernetes-path suite):
 * liveness/startup probes, CPU limits, init containers, fsGroup, seccomp, image pulls (images map to local
 * files, {@link ImageRegistry}).
 * Needs root, nsenter/unshare/setpriv (util-linux) and iproute2.
 */
public final class Kubelet implements AutoCloseable {

    public static final String NODE_NAME = "node-1";
    /** The node's address as pods see it (status.hostIP). */
    public static final String NODE_IP = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);

    private final KubernetesClient client;
    private final ClusterNetwork network;
    private final ImageRegistry images;
    private final Path workDir;
    private final Path logDir;
    private final ExecutorService syncs = Executors.newSingleThreadExecutor(daemon("kubelet-sync"));
    private final ExecutorService probes = Executors.newCachedThreadPool(daemon("kubelet-probe"));
    private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
    private final Optional<MemoryCgroups> memoryCgroups = MemoryCgroups.ofThisProcess();
    private SharedIndexInformer<Pod> pods;
    private volatile boolean closed;

    private Kubelet(KubernetesClient client, ClusterNetwork network, ImageRegistry images, Path logDir) {
        this.client = client;
        this.network = network;
        this.images = images;
        this.workDir = TempDirs.create("todo-kubelet-");
        this.logDir = logDir;
    }

    /** Registers the node and starts running the cluster's pods; container logs go to {@code logDir}. */
    public static Kubelet start(KubernetesClient client, ClusterNetwork network, ImageRegistry images, Path logDir) {
        Kubelet kubelet = new Kubelet(client, network, images, logDir);
        kubelet.registerNode();
        kubelet.watchPods();
        return kubelet;
    }

    private void registerNode() {
        try {
            Files.createDirectories(logDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Node node = new NodeBuilder()
                .withNewMetadata().withName(NODE_NAME)
                .addToLabels("kubernetes.io/hostname", NODE_NAME)
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64")
                .endMetadata()
                .build();
        client.nodes().resource(node).serverSideApply();
        Node current = client.nodes().withName(NODE_NAME).get();
        current.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                .withMessage("kubelet stand-in is posting ready status").withLastHeartbeatTime(Instant.now().toString())
                .withLastTransitionTime(Instant.now().toString()).endCondition()
                .addNewAddress().withType("InternalIP").withAddress(NODE_IP).endAddress()
                .addNewAddress().withType("Hostname").withAddress(NODE_NAME).endAddress()
                .addToCapacity("cpu", new Quantity("2")).addToCapacity("memory", new Quantity("8Gi"))
                .addToCapacity("pods", new Quantity("110"))
                .addToAllocatable("cpu", new Quantity("2")).addToAllocatable("memory", new Quantity("8Gi"))
                .addToAllocatable("pods", new Quantity("110"))
                .build());
        client.nodes().resource(current).updateStatus();
    }

    private void watchPods() {
        pods = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueue(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                enqueue(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                enqueue(pod);
            }
        }, 30_000);
    }

    private void enqueue(Pod pod) {
        if (!closed) {
            String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
            syncs.execute(() -> sync(key, pod.getMetadata().getUid()));
        }
    }

    /** Brings this node in line with one Pod: bind it, start it, or stop it. */
    private void sync(String key, String uid) {
        if (closed) {
            return;
        }
        Pod pod = pods.getStore().getByKey(key);
        PodWorker worker = workers.get(uid);
        if (pod == null || !uid.equals(pod.getMetadata().getUid())) {
            if (worker != null) {
                worker.stop(false);
            }
            return;
        }
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                bind(pod);
            }
            return;
        }
        if (!NODE_NAME.equals(nodeName)) {
            return;
        }
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            if (worker != null) {
                worker.stop(true);
            } else {
                finishDeletion(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
            }
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (worker == null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            worker = new PodWorker(this, pod, workDir.resolve(uid));
            workers.put(uid, worker);
            worker.start();
        } else if (worker != null) {
            worker.update(pod);
        }
    }

    /** kube-scheduler's only decision here: every pod goes to the one node. */
    private void bind(Pod pod) {
        try {
            client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
                    .withNewTarget().withApiVersion("v1").withKind("Node").withName(NODE_NAME).endTarget()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.debug("binding {}/{} failed (already bound?): {}", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), e.getMessage());
        }
    }

    /** The last step of a graceful deletion: the containers are gone, the Pod object goes too. */
    void finishDeletion(String namespace, String name, String uid) {
        try {
            Pod current = client.pods().inNamespace(namespace).withName(name).get();
            if (current != null && uid.equals(current.getMetadata().getUid())) {
                client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
            }
        } catch (KubernetesClientException e) {
            LOG.debug("final delete of {}/{} failed: {}", namespace, name, e.getMessage());
        }
    }

    void forget(PodWorker worker) {
        workers.remove(worker.uid(), worker);
    }

    KubernetesClient client() {
        return client;
    }

    ClusterNetwork network() {
        return network;
    }

    ImageRegistry images() {
        return images;
    }

    Optional<MemoryCgroups> memoryCgroups() {
        return memoryCgroups;
    }

    ExecutorService probeExecutor() {
        return probes;
    }

    public Path logDir() {
        return logDir;
    }

    /** The pod of this name as this node runs it, if it runs here. */
    public Optional<RunningPod> pod(String namespace, String name) {
        return workers.values().stream()
                .filter(w -> w.namespace().equals(namespace) && w.name().equals(name) && w.sandbox() != null)
                .findFirst().map(RunningPod::new);
    }

    /** Waits until this node runs a pod of that name. */
    public RunningPod awaitPod(String namespace, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RunningPod> pod = pod(namespace, name);
            if (pod.isPresent()) {
                return pod.get();
            }
            Polling.sleep(Duration.ofMillis(200));
        }
        throw new IllegalStateException("pod " + namespace + "/" + name + " is not running on " + NODE_NAME
                + " after " + timeout);
    }

    /** A pod running on this node: its IP, container logs and port-forwards. */
    public final class RunningPod {
        private final PodWorker worker;

        private RunningPod(PodWorker worker) {
            this.worker = worker;
        }

        public String namespace() {
            return worker.namespace();
        }

        public String name() {
            return worker.name();
        }

        public String ip() {
            return worker.podIp();
        }

        /** What the container wrote to stdout and stderr so far (all its restarts). */
        public String logs(String container) {
            return ManagedProcess.readLog(worker.logFile(container));
        }

        public Path logFile(String container) {
            return worker.logFile(container);
        }

        /** {@code kubectl port-forward pod port} (the pod's localhost:port): close it when done. */
        public PortForward portForward(int port) {
            PodSandbox sandbox = worker.sandbox();
            return PortForward.open(() -> sandbox.connectToLocalhost(port),
                    worker.namespace() + "/" + worker.name() + ":" + port);
        }
    }

    /** Stops every pod this node runs (without deleting the Pod objects) and the node's own threads. */
    @Override
    public void close() {
        closed = true;
        if (pods != null) {
            pods.close();
        }
        syncs.shutdownNow();
        List<PodWorker> running = List.copyOf(workers.values());
        running.forEach(w -> w.stop(false));
        running.forEach(w -> w.awaitStopped(Duration.ofSeconds(60)));
        probes.shutdownNow();
        TempDirs.deleteRecursively(workDir);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return body -> {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
