package io.todoplatform.testkit.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kubernetes control plane for tests: etcd, kube-apiserver and
 * kube-controller-manager from the cache that {@code hack/build-k8s.sh} fills, on free loopback ports,
 * with certificates, keys and an admin token generated at start. There is no kubelet and no scheduler:
 * Pods never run, so tests that need a Deployment to be available must set its status themselves.
 *
 * <p>Everything it writes lives in a temporary directory removed by {@link #close()}, except the three
 * process logs, which stay in {@code logDir} for debugging.
 */
public final class KubeApiServer implements AutoCloseable {

    /**
     * Controllers that make the API behave like a cluster's for an operator: garbage collection of owned
     * objects, namespace deletion, and the default service account Pods need. Workload controllers
     * (deployment, replicaset) are deliberately absent: with no kubelet they would only fight the
     * tests over Deployment status.
     */
    public static final List<String> DEFAULT_CONTROLLERS = List.of(
            "garbage-collector-controller",
            "namespace-controller",
            "serviceaccount-controller",
            "serviceaccount-token-controller");

    private static final Logger LOG = LoggerFactory.getLogger(KubeApiServer.class);
    private static final Duration ETCD_START_TIMEOUT = Duration.ofSeconds(60);
    // Two shared cores: a cold kube-apiserver start (RBAC bootstrap, CRD/OpenAPI controllers) can take a while.
    private static final Duration APISERVER_START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration CONTROLLER_MANAGER_START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final String ADMIN_USER = "todo-test-admin";

    private final KubeBinaries binaries;
    private final Path logDir;
    private final List<String> controllers;
    private final AuditLog.Level auditLevel;
    private final List<String> extraApiServerFlags;
    private final List<String> extraControllerManagerFlags;
    private final List<ChildProcess> processes = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::stopProcesses, "kube-apiserver-shutdown");

    private Path workDir;
    private String token;
    private String masterUrl;
    private Path caCertFile;
    private Path kubeconfigFile;
    private KubernetesClient client;
    private Duration startDuration;
    private boolean closed;

    public KubeApiServer(KubeBinaries binaries, Path logDir, List<String> controllers) {
        this(binaries, logDir, controllers, AuditLog.Level.OFF, List.of(), List.of());
    }

    /** With an audit log of write requests in {@code logDir/audit.log} ({@link #auditLog()}). */
    public KubeApiServer(KubeBinaries binaries, Path logDir, List<String> controllers, AuditLog.Level auditLevel) {
        this(binaries, logDir, controllers, auditLevel, List.of(), List.of());
    }

    /**
     * With further kube-apiserver and kube-controller-manager flags, e.g. the egress selector through which the
     * Kubernetes-path tests let the API server reach admission webhooks in pods.
     */
    public KubeApiServer(KubeBinaries binaries, Path logDir, List<String> controllers, List<String> extraApiServerFlags,
                         List<String> extraControllerManagerFlags) {
        this(binaries, logDir, controllers, AuditLog.Level.OFF, extraApiServerFlags, extraControllerManagerFlags);
    }

    /** Both: an audit log and further flags (a later flag wins over the same one set here). */
    public KubeApiServer(KubeBinaries binaries, Path logDir, List<String> controllers, AuditLog.Level auditLevel,
                         List<String> extraApiServerFlags, List<String> extraControllerManagerFlags) {
        this.binaries = binaries;
        this.logDir = logDir;
        this.controllers = List.copyOf(controllers);
        this.auditLevel = auditLevel;
        this.extraApiServerFlags = List.copyOf(extraApiServerFlags);
        this.extraControllerManagerFlags = List.copyOf(extraControllerManagerFlags);
    }

    /** Starts etcd, kube-apiserver (until /readyz passes) and kube-controller-manager (until /healthz passes). */
    public KubeApiServer start() {
        long started = System.nanoTime();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            workDir = Files.createTempDirectory("todo-kube-");
            Files.createDirectories(logDir);
            token = randomToken();
            Path tokenFile = workDir.resolve("tokens.csv");
            // token,user,uid,"groups": system:masters bypasses RBAC, like a cluster-admin kubeconfig.
            Files.writeString(tokenFile, token + "," + ADMIN_USER + "," + ADMIN_USER + ",\"system:masters\"\n",
                    StandardCharsets.UTF_8);
            Path serviceAccountKey = workDir.resolve("sa.key");
            Path serviceAccountPub = workDir.resolve("sa.pub");
            Pem.writeRsaKeyPair(serviceAccountKey, serviceAccountPub);

            String etcdUrl = startEtcd();
            startApiServer(etcdUrl, tokenFile, serviceAccountKey, serviceAccountPub);
            kubeconfigFile = writeKubeconfig();
            startControllerManager(serviceAccountKey);

            client = newClient();
            startDuration = Duration.ofNanos(System.nanoTime() - started);
            LOG.info("Kubernetes {} control plane ready at {} in {} ms (logs: {})", binaries.kubernetesVersion(),
                    masterUrl, startDuration.toMillis(), logDir);
            return this;
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot prepare the test control plane in " + workDir, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private String startEtcd() {
        int clientPort = freeLoopbackPort();
        int peerPort = freeLoopbackPort();
        String clientUrl = "http://127.0.0.1:" + clientPort;
        String peerUrl = "http://127.0.0.1:" + peerPort;
        ChildProcess etcd = launch("etcd", List.of(
                binaries.etcd().toString(),
                "--name=default",
                "--data-dir=" + workDir.resolve("etcd-data"),
                "--listen-client-urls=" + clientUrl,
                "--advertise-client-urls=" + clientUrl,
                "--listen-peer-urls=" + peerUrl,
                "--initial-advertise-peer-urls=" + peerUrl,
                "--initial-cluster=default=" + peerUrl,
                // Throwaway data: skipping fsync makes every API write much faster on a shared disk.
                "--unsafe-no-fsync=true",
                // 8 GiB instead of 2: the operator benchmark's 10,000 platforms (190,000 children and their
                // revisions) must not stop on "database space exceeded". Only a limit: nothing is allocated.
                "--quota-backend-bytes=" + 8L * 1024 * 1024 * 1024,
                "--log-level=warn"));
        ReadinessProbe.plainHttp(clientUrl + "/health")
                .await(etcd, ETCD_START_TIMEOUT, body -> body.contains("\"health\":\"true\""));
        return clientUrl;
    }

    private void startApiServer(String etcdUrl, Path tokenFile, Path serviceAccountKey, Path serviceAccountPub)
            throws IOException {
        int securePort = freeLoopbackPort();
        Path certDir = Files.createDirectories(workDir.resolve("apiserver-certs"));
        masterUrl = "https://127.0.0.1:" + securePort;
        List<String> command = new ArrayList<>(List.of(
                binaries.kubeApiServer().toString(),
                "--etcd-servers=" + etcdUrl,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--secure-port=" + securePort,
                // No serving cert given: the server generates a self-signed one here, which the clients trust.
                "--cert-dir=" + certDir,
                "--token-auth-file=" + tokenFile,
                "--authorization-mode=RBAC",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                "--service-account-key-file=" + serviceAccountPub,
                "--service-account-signing-key-file=" + serviceAccountKey,
                "--service-cluster-ip-range=10.0.0.0/24",
                "--allow-privileged=true",
                "--profiling=false",
                "--v=1"));
        if (auditLevel != AuditLog.Level.OFF) {
            Path policy = workDir.resolve("audit-policy.yaml");
            Files.writeString(policy, auditLevel.policy(), StandardCharsets.UTF_8);
            // A log directory used again (a benchmark's fixed name) must not mix two servers' requests.
            Files.deleteIfExists(logDir.resolve("audit.log"));
            command.addAll(List.of(
                    "--audit-policy-file=" + policy,
                    "--audit-log-path=" + logDir.resolve("audit.log"),
                    // One file however long the run: the tests and the benchmark read it whole. 0 is not "no
                    // limit" but the rotation library's default of 100 MB: a run of 10,000 platforms writes more,
                    // and the benchmark, following audit.log, lost everything after the first rotation.
                    "--audit-log-maxsize=1000000",
                    "--audit-log-format=json"));
        }
        command.addAll(extraApiServerFlags);
        ChildProcess apiServer = launch("kube-apiserver", command);
        caCertFile = certDir.resolve("apiserver.crt");
        ReadinessProbe.https(masterUrl + "/readyz", caCertFile, token)
                .await(apiServer, APISERVER_START_TIMEOUT, body -> body.trim().equals("ok"));
    }

    private void startControllerManager(Path serviceAccountKey) throws IOException {
        int securePort = freeLoopbackPort();
        Path certDir = Files.createDirectories(workDir.resolve("controller-manager-certs"));
        List<String> command = new ArrayList<>(List.of(
                binaries.kubeControllerManager().toString(),
                "--kubeconfig=" + kubeconfigFile,
                // No --authentication/--authorization-kubeconfig: delegated auth needs the client-CA
                // ConfigMap that this token-only API server never publishes; /healthz is open anyway.
                "--bind-address=127.0.0.1",
                "--secure-port=" + securePort,
                "--cert-dir=" + certDir,
                "--leader-elect=false",
                "--controllers=" + String.join(",", controllers),
                "--service-account-private-key-file=" + serviceAccountKey,
                "--root-ca-file=" + caCertFile,
                "--profiling=false",
                "--v=1"));
        command.addAll(extraControllerManagerFlags);
        ChildProcess controllerManager = launch("kube-controller-manager", command);
        ReadinessProbe.https("https://127.0.0.1:" + securePort + "/healthz",
                        certDir.resolve("kube-controller-manager.crt"), null)
                .await(controllerManager, CONTROLLER_MANAGER_START_TIMEOUT, body -> body.trim().equals("ok"));
    }

    private Path writeKubeconfig() throws IOException {
        Path file = workDir.resolve("kubeconfig");
        String kubeconfig = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: test",
                "  cluster:",
                "    server: " + masterUrl,
                "    certificate-authority: " + caCertFile,
                "users:",
                "- name: admin",
                "  user:",
                "    token: " + token,
                "contexts:",
                "- name: test",
                "  context:",
                "    cluster: test",
                "    user: admin",
                "    namespace: default",
                "current-context: test",
                "");
        Files.writeString(file, kubeconfig, StandardCharsets.UTF_8);
        return file;
    }

    private ChildProcess launch(String name, List<String> command) {
        ChildProcess process = ChildProcess.start(name, command, logDir.resolve(name + ".log"));
        processes.add(process);
        return process;
    }

    /** The shared client of this server; closed with it. */
    public KubernetesClient client() {
        requireStarted();
        return client;
    }

    /** A new client with the admin token; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }

    /** Client configuration for this server (admin token, trusting its self-signed certificate). */
    public Config config() {
        requireStarted();
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withOauthToken(token)
                .withCaCertFile(caCertFile.toString())
                .withNamespace("default")
                .build();
    }

    /** A kubeconfig file for this server, for programs started by a test (e.g. the operator jar). */
    public Path kubeconfigFile() {
        requireStarted();
        return kubeconfigFile;
    }

    public String masterUrl() {
        requireStarted();
        return masterUrl;
    }

    public Path logDir() {
        return logDir;
    }

    /** The audit log of write requests; only for a server started with an audit level. */
    public AuditLog auditLog() {
        if (auditLevel == AuditLog.Level.OFF) {
            throw new IllegalStateException("this API server was started without an audit log");
        }
        return new AuditLog(logDir.resolve("audit.log"));
    }

    public Duration startDuration() {
        return startDuration;
    }

    public KubeBinaries binaries() {
        return binaries;
    }

    private void requireStarted() {
        if (masterUrl == null || closed) {
            throw new IllegalStateException("the test API server is not running");
        }
    }

    /** Stops all processes (controller-manager first, etcd last) and removes the work directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (client != null) {
            client.close();
        }
        stopProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to: it stops the same processes.
        }
        deleteRecursively(workDir);
    }

    private void stopProcesses() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).stop(STOP_GRACE);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", dir, e.getMessage());
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
