package io.todoplatform.testkit.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.todoplatform.testkit.node.network.ClusterNetwork;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's work for one pod, in its own thread: sandbox, volumes, containers in spec order, then a loop that
 * restarts exited containers with the kubelet's back-off (restartPolicy), runs readiness probes, renews projected
 * tokens and writes the pod status back; on deletion it stops the containers (SIGTERM, then SIGKILL after
 * terminationGracePeriodSeconds), tears the sandbox down and removes the Pod object, as a kubelet finishes a
 * graceful deletion.
 */
final class PodWorker {

    private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
    private static final Duration TICK = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    /** The kubelet resyncs Secret and ConfigMap volumes about every minute; sooner here, tests are short. */
    private static final Duration VOLUME_SYNC = Duration.ofSeconds(5);

    private final Kubelet kubelet;
    private final String uid;
    private final String namespace;
    private final String name;
    private final Path dir;
    private final Thread thread;
    private volatile Pod pod;
    private volatile boolean stopRequested;
    private volatile boolean deleteWhenStopped;
    private final Map<String, Slot> containers = new LinkedHashMap<>();
    private volatile PodSandbox sandbox;
    private PodVolumes volumes;
    private String podIp;
    private Instant startTime;
    private String volumeError;
    private PodStatus lastWritten;
    private Instant nextVolumeSync = Instant.EPOCH;

    /** One container of the pod and what the kubelet tracks of it. */
    private static final class Slot {
        final Container spec;
        ContainerProcess process;
        Path memoryCgroup;
        ProbeRunner readiness;
        boolean ready;
        int restarts;
        Instant startedAt;
        Instant nextStart = Instant.EPOCH;
        String waitingReason = "ContainerCreating";
        String waitingMessage;
        ContainerState lastState;

        Slot(Container spec) {
            this.spec = spec;
        }
    }

    PodWorker(Kubelet kubelet, Pod pod, Path dir) {
        this.kubelet = kubelet;
        this.pod = pod;
        this.uid = pod.getMetadata().getUid();
        this.namespace = pod.getMetadata().getNamespace();
        this.name = pod.getMetadata().getName();
        this.dir = dir;
        for (Container container : pod.getSpec().getContainers()) {
            containers.put(container.getName(), new Slot(container));
        }
        this.thread = new Thread(this::run, "kubelet " + namespace + "/" + name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void update(Pod latest) {
        this.pod = latest;
    }

    /** Stops the pod; with {@code delete} the Pod object is removed afterwards (a graceful deletion finishing). */
    void stop(boolean delete) {
        deleteWhenStopped |= delete;
        stopRequested = true;
        thread.interrupt();
    }

    void awaitStopped(Duration timeout) {
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    String uid() {
        return uid;
    }

    String podIp() {
        return podIp;
    }

    PodSandbox sandbox() {
        return sandbox;
    }

    Path logFile(String container) {
        return kubelet.logDir().resolve(namespace + "_" + name + "_" + container + ".log");
    }

    private void run() {
        try {
            setUp();
            while (!stopRequested) {
                tick();
                sleep();
            }
        } catch (RuntimeException e) {
            LOG.error("pod {}/{} failed on this node", namespace, name, e);
        } finally {
            tearDown();
            if (deleteWhenStopped) {
                kubelet.finishDeletion(namespace, name, uid);
            }
            kubelet.forget(this);
        }
    }

    private void setUp() {
        startTime = Instant.now();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClusterNetwork network = kubelet.network();
        podIp = network.allocatePodIp();
        writeStatus();
        writePodFiles();
        sandbox = PodSandbox.create(network, new ClusterNetwork.PodRoute(namespace, name, podIp), dir, logFile("network"));
        LOG.info("pod {}/{} sandbox ready, IP {}", namespace, name, podIp);
    }

    /** The files a kubelet manages in every container: /etc/hosts, /etc/hostname, /etc/resolv.conf. */
    private void writePodFiles() {
        String hostname = PodEnvironment.hostname(pod);
        String subdomain = pod.getSpec().getSubdomain();
        String ownName = subdomain == null || subdomain.isEmpty() ? hostname
                : hostname + "." + subdomain + "." + namespace + ".svc." + ClusterNetwork.CLUSTER_DOMAIN + "\t" + hostname;
        write("hosts", String.join("\n",
                "# Kubernetes-managed hosts file.",
                "127.0.0.1\tlocalhost",
                "::1\tlocalhost ip6-localhost ip6-loopback",
                "fe00::0\tip6-localnet",
                "fe00::0\tip6-mcastprefix",
                "fe00::1\tip6-allnodes",
                "fe00::2\tip6-allrouters",
                podIp + "\t" + ownName,
                ""));
        write("hostname", hostname + "\n");
        // dnsPolicy ClusterFirst, as the kubelet writes it with --cluster-dns and --cluster-domain.
        write("resolv.conf", String.join("\n",
                "search " + namespace + ".svc." + ClusterNetwork.CLUSTER_DOMAIN + " svc." + ClusterNetwork.CLUSTER_DOMAIN
                        + " " + ClusterNetwork.CLUSTER_DOMAIN,
                "nameserver " + ClusterNetwork.DNS_IP,
                "options ndots:5",
                ""));
    }

    private void write(String file, String content) {
        try {
            Path path = dir.resolve(file);
            Files.writeString(path, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pod's " + file, e);
        }
    }

    private void tick() {
        Instant now = Instant.now();
        if (volumes == null) {
            try {
                volumes = PodVolumes.materialize(kubelet.client(), pod, dir.resolve("volumes"));
                volumeError = null;
            } catch (PodEnvironment.ConfigError e) {
                volumeError = e.getMessage();
                writeStatus();
                return;
            }
        }
        volumes.renewTokens();
        if (now.isAfter(nextVolumeSync)) {
            volumes.refresh();
            nextVolumeSync = now.plus(VOLUME_SYNC);
        }
        for (Slot slot : containers.values()) {
            if (slot.process != null && !slot.process.isAlive()) {
                exited(slot, now);
            }
            if (slot.process == null && !now.isBefore(slot.nextStart) && mayRestart(slot)) {
                startContainer(slot, now);
            }
            slot.ready = slot.process != null && slot.process.isAlive() && slot.readiness.ready(now);
        }
        writeStatus();
    }

    private boolean mayRestart(Slot slot) {
        if (slot.lastState == null) {
            return true;
        }
        String policy = pod.getSpec().getRestartPolicy();
        if ("Never".equals(policy)) {
            return false;
        }
        return !"OnFailure".equals(policy) || slot.lastState.getTerminated().getExitCode() != 0;
    }

    private void exited(Slot slot, Instant now) {
        int exitCode = slot.process.exitCode();
        LOG.info("container {} of pod {}/{} exited with code {}", slot.spec.getName(), namespace, name, exitCode);
        slot.lastState = new ContainerStateBuilder().withNewTerminated()
                .withExitCode(exitCode)
                .withReason(exitCode == 0 ? "Completed" : "Error")
                .withStartedAt(slot.startedAt.toString())
                .withFinishedAt(now.toString())
                .withContainerID(containerId(slot))
                .endTerminated().build();
        slot.process = null;
        MemoryCgroups.remove(slot.memoryCgroup);
        slot.memoryCgroup = null;
        slot.ready = false;
        slot.restarts++;
        // The kubelet's crash-loop back-off: 10s, doubled per restart, at most 5 minutes.
        long backoffSeconds = Math.min(MAX_BACKOFF.toSeconds(), 10L << Math.min(10, slot.restarts - 1));
        slot.nextStart = now.plusSeconds(backoffSeconds);
        slot.waitingReason = "CrashLoopBackOff";
        slot.waitingMessage = "back-off " + backoffSeconds + "s restarting failed container=" + slot.spec.getName()
                + " pod=" + name + "_" + namespace + "(" + uid + ")";
    }

    private void startContainer(Slot slot, Instant now) {
        Container container = slot.spec;
        ContainerImage image = kubelet.images().find(container.getImage()).orElse(null);
        if (image == null) {
            slot.waitingReason = "ErrImagePull";
            slot.waitingMessage = "image " + container.getImage() + " is not in this node's registry";
            slot.nextStart = now.plusSeconds(5);
            return;
        }
        Map<String, String> env;
        try {
            env = PodEnvironment.resolve(kubelet.client(), pod, container, image);
            List<VolumeMount> unknown = container.getVolumeMounts() == null ? List.of()
                    : container.getVolumeMounts().stream().filter(m -> volumes.path(m.getName()) == null).toList();
            if (!unknown.isEmpty()) {
                throw new PodEnvironment.ConfigError("volume " + unknown.get(0).getName() + " is not a volume of the pod");
            }
        } catch (PodEnvironment.ConfigError e) {
            slot.waitingReason = "CreateContainerConfigError";
            slot.waitingMessage = e.getMessage();
            slot.nextStart = now.plusSeconds(2);
            return;
        }
        long uid = runAsUser(container, image);
        if (runAsNonRoot(container) && uid == 0) {
            slot.waitingReason = "CreateContainerConfigError";
            slot.waitingMessage = "container has runAsNonRoot and image will run as root";
            slot.nextStart = now.plusSeconds(2);
            return;
        }
        Path containerDir = dir.resolve("containers").resolve(container.getName());
        List<ContainerProcess.Mount> mounts = new ArrayList<>();
        if (container.getVolumeMounts() != null) {
            for (VolumeMount mount : container.getVolumeMounts()) {
                Path source = volumes.path(mount.getName());
                if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
                    source = source.resolve(mount.getSubPath());
                }
                mounts.add(new ContainerProcess.Mount(mount.getMountPath(), source, Boolean.TRUE.equals(mount.getReadOnly())));
            }
        }
        List<ContainerProcess.Mount> imageFiles = image.files().entrySet().stream()
                .map(e -> new ContainerProcess.Mount(e.getKey(), e.getValue(), true)).toList();
        List<ContainerProcess.Mount> etcFiles = List.of(
                new ContainerProcess.Mount("/etc/hosts", dir.resolve("hosts"), true),
                new ContainerProcess.Mount("/etc/hostname", dir.resolve("hostname"), true),
                new ContainerProcess.Mount("/etc/resolv.conf", dir.resolve("resolv.conf"), true));
        String workingDir = container.getWorkingDir() != null && !container.getWorkingDir().isEmpty()
                ? container.getWorkingDir() : image.workingDir();
        SecurityContext security = container.getSecurityContext();
        boolean readOnlyRoot = security != null && Boolean.TRUE.equals(security.getReadOnlyRootFilesystem());
        slot.memoryCgroup = memoryCgroup(container);
        ContainerProcess.Spec spec = new ContainerProcess.Spec(container.getName(), sandbox.netnsPath(),
                PodEnvironment.hostname(pod), containerDir.resolve("rootfs"), PodEnvironment.argv(container, image, env),
                env, workingDir, uid, runAsGroup(container, image), readOnlyRoot, imageFiles, etcFiles, mounts,
                slot.memoryCgroup, containerDir.resolve("start.sh"), logFile(container.getName()));
        slot.process = ContainerProcess.start(spec);
        slot.startedAt = now;
        slot.waitingReason = null;
        slot.waitingMessage = null;
        slot.readiness = new ProbeRunner(kubelet.network(), kubelet.probeExecutor(), container, podIp, now);
        LOG.info("started container {} of pod {}/{} (pid {})", container.getName(), namespace, name, slot.process.pid());
    }

    /** A cgroup enforcing the container's memory limit, or null without a limit (or without cgroups here). */
    private Path memoryCgroup(Container container) {
        if (container.getResources() == null || container.getResources().getLimits() == null
                || !container.getResources().getLimits().containsKey("memory") || kubelet.memoryCgroups().isEmpty()) {
            return null;
        }
        long bytes = Quantity.getAmountInBytes(container.getResources().getLimits().get("memory")).longValue();
        try {
            return kubelet.memoryCgroups().get().create(container.getName(), bytes);
        } catch (IOException e) {
            LOG.warn("no memory cgroup for container {} of {}/{}: {}", container.getName(), namespace, name, e.toString());
            return null;
        }
    }

    private long runAsUser(Container container, ContainerImage image) {
        SecurityContext security = container.getSecurityContext();
        if (security != null && security.getRunAsUser() != null) {
            return security.getRunAsUser();
        }
        PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
        if (podSecurity != null && podSecurity.getRunAsUser() != null) {
            return podSecurity.getRunAsUser();
        }
        return image.uid();
    }

    private long runAsGroup(Container container, ContainerImage image) {
        SecurityContext security = container.getSecurityContext();
        if (security != null && security.getRunAsGroup() != null) {
            return security.getRunAsGroup();
        }
        PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
        if (podSecurity != null && podSecurity.getRunAsGroup() != null) {
            return podSecurity.getRunAsGroup();
        }
        return image.gid();
    }

    private boolean runAsNonRoot(Container container) {
        SecurityContext security = container.getSecurityContext();
        if (security != null && security.getRunAsNonRoot() != null) {
            return security.getRunAsNonRoot();
        }
        PodSecurityContext podSecurity = pod.getSpec().getSecurityContext();
        return podSecurity != null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot());
    }

    private void tearDown() {
        // stop() interrupted this thread to cut its sleep short; waiting for the containers must not be cut short.
        Thread.interrupted();
        Duration grace = Duration.ofSeconds(pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30
                : pod.getSpec().getTerminationGracePeriodSeconds());
        List<Thread> stopping = new ArrayList<>();
        for (Slot slot : containers.values()) {
            if (slot.process != null) {
                ContainerProcess process = slot.process;
                Thread stopper = new Thread(() -> process.stop(grace), "stop " + slot.spec.getName());
                stopper.start();
                stopping.add(stopper);
            }
        }
        for (Thread stopper : stopping) {
            awaitUninterruptibly(stopper);
        }
        containers.values().forEach(slot -> MemoryCgroups.remove(slot.memoryCgroup));
        if (sandbox != null) {
            sandbox.close();
        }
        if (podIp != null) {
            kubelet.network().releasePodIp(podIp);
        }
        LOG.info("pod {}/{} stopped on this node", namespace, name);
    }

    /** Writes the pod status when it differs from the last one written. */
    private void writeStatus() {
        PodStatus status = status();
        if (status.equals(lastWritten)) {
            return;
        }
        try {
            Pod current = kubelet.client().pods().inNamespace(namespace).withName(name).get();
            if (current == null || !uid.equals(current.getMetadata().getUid())) {
                return;
            }
            status.setQosClass(current.getStatus() == null ? null : current.getStatus().getQosClass());
            current.setStatus(status);
            kubelet.client().pods().inNamespace(namespace).resource(current).updateStatus();
            status.setQosClass(null);
            lastWritten = status;
        } catch (KubernetesClientException e) {
            // A conflict or a pod being deleted: the next tick writes again.
            LOG.debug("status of {}/{} not written: {}", namespace, name, e.getMessage());
        }
    }

    private PodStatus status() {
        List<ContainerStatus> statuses = new ArrayList<>();
        boolean allStarted = true;
        boolean allReady = true;
        for (Slot slot : containers.values()) {
            boolean running = slot.process != null && slot.process.isAlive();
            allStarted &= running || slot.lastState != null;
            allReady &= slot.ready;
            ContainerState state = running
                    ? new ContainerStateBuilder().withNewRunning().withStartedAt(slot.startedAt.toString()).endRunning().build()
                    : new ContainerStateBuilder().withNewWaiting()
                            .withReason(volumeError != null ? "ContainerCreating" : slot.waitingReason)
                            .withMessage(volumeError != null ? volumeError : slot.waitingMessage).endWaiting().build();
            statuses.add(new ContainerStatusBuilder()
                    .withName(slot.spec.getName())
                    .withImage(slot.spec.getImage())
                    .withImageID(running ? "stand-in://" + slot.spec.getImage() : "")
                    .withContainerID(running ? containerId(slot) : null)
                    .withReady(slot.ready)
                    .withStarted(running)
                    .withRestartCount(slot.restarts)
                    .withState(state)
                    .withLastState(slot.lastState)
                    .build());
        }
        List<PodCondition> conditions = List.of(
                condition("PodReadyToStartContainers", sandbox != null),
                condition("Initialized", true),
                condition("Ready", allReady),
                condition("ContainersReady", allReady),
                condition("PodScheduled", true));
        PodStatus status = new PodStatus();
        status.setPhase(allStarted ? "Running" : "Pending");
        status.setConditions(conditions);
        status.setHostIP(Kubelet.NODE_IP);
        status.setHostIPs(List.of(new io.fabric8.kubernetes.api.model.HostIP(Kubelet.NODE_IP)));
        status.setPodIP(podIp);
        status.setPodIPs(podIp == null ? List.of() : List.of(new PodIP(podIp)));
        status.setStartTime(startTime.toString());
        status.setContainerStatuses(statuses);
        return status;
    }

    private PodCondition condition(String type, boolean value) {
        // Keep the transition time of an unchanged condition, so status writes stay rare.
        String since = startTime.toString();
        if (lastWritten != null && lastWritten.getConditions() != null) {
            for (PodCondition previous : lastWritten.getConditions()) {
                if (type.equals(previous.getType())) {
                    since = Objects.equals(previous.getStatus(), value ? "True" : "False")
                            ? previous.getLastTransitionTime() : Instant.now().toString();
                }
            }
        }
        return new PodConditionBuilder().withType(type).withStatus(value ? "True" : "False")
                .withLastTransitionTime(since).build();
    }

    /** Joins a thread whose work is bounded (a container's grace period), even if this thread gets interrupted. */
    private static void awaitUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private String containerId(Slot slot) {
        return "stand-in://" + slot.process.pid();
    }

    private void sleep() {
        try {
            Thread.sleep(TICK.toMillis());
        } catch (InterruptedException e) {
            // stop() interrupts to end the loop early
        }
    }
}
