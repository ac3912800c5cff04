package io.todoplatform.testkit.kube;

import io.todoplatform.testkit.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the etcd, kube-apiserver and kube-controller-manager binaries that {@code hack/build-k8s.sh}
 * built into the cache. The versions come from {@code hack/k8s/go.mod}, the single place they are
 * pinned, so the tests always look in the directory the build script writes to.
 */
public final class KubeBinaries {

    static final String BUILD_SCRIPT = "hack/build-k8s.sh";
    private static final String GO_MOD = "hack/k8s/go.mod";
    private static final Pattern KUBERNETES_REQUIRE = Pattern.compile("(?m)^\\s*k8s\\.io/kubernetes\\s+(v\\S+)");
    private static final Pattern ETCD_REQUIRE = Pattern.compile("(?m)^\\s*go\\.etcd\\.io/etcd/server/v3\\s+(v\\S+)");

    private final Path repoRoot;
    private final Path binDir;
    private final String kubernetesVersion;
    private final String etcdVersion;

    private KubeBinaries(Path repoRoot, Path binDir, String kubernetesVersion, String etcdVersion) {
        this.repoRoot = repoRoot;
        this.binDir = binDir;
        this.kubernetesVersion = kubernetesVersion;
        this.etcdVersion = etcdVersion;
    }

    /**
     * Locates the binaries for the pinned versions and fails, naming the command that builds them,
     * when any is missing: a test that needs a real API server must never pass by being skipped.
     */
    public static KubeBinaries require() {
        KubeBinaries binaries = locate();
        List<String> missing = new ArrayList<>();
        for (String name : List.of("etcd", "kube-apiserver", "kube-controller-manager")) {
            if (!Files.isExecutable(binaries.binDir.resolve(name))) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Kubernetes test binaries " + missing + " (Kubernetes "
                    + binaries.kubernetesVersion + ", etcd " + binaries.etcdVersion + ") are missing from "
                    + binaries.binDir + ". Build them once (cached afterwards) with:\n    "
                    + binaries.repoRoot.resolve(BUILD_SCRIPT));
        }
        return binaries;
    }

    static KubeBinaries locate() {
        Path repoRoot = Environment.repoRoot();
        String goMod = read(repoRoot.resolve(GO_MOD));
        String kubernetes = requiredVersion(goMod, KUBERNETES_REQUIRE, "k8s.io/kubernetes");
        String etcd = requiredVersion(goMod, ETCD_REQUIRE, "go.etcd.io/etcd/server/v3");
        // Same layout as hack/build-k8s.sh: <cache>/k8s/<k8s version>-etcd<etcd version without v>/bin
        Path binDir = Environment.cacheRoot().resolve("k8s").resolve(kubernetes + "-etcd" + etcd.substring(1)).resolve("bin");
        return new KubeBinaries(repoRoot, binDir, kubernetes, etcd);
    }

    private static String requiredVersion(String goMod, Pattern pattern, String module) {
        Matcher matcher = pattern.matcher(goMod);
        if (!matcher.find()) {
            throw new IllegalStateException(GO_MOD + " does not require " + module + " at a version");
        }
        return matcher.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The repository checkout the versions were read from; {@code ../shared} lies beside it. */
    public Path repoRoot() {
        return repoRoot;
    }

    public Path etcd() {
        return binDir.resolve("etcd");
    }

    public Path kubeApiServer() {
        return binDir.resolve("kube-apiserver");
    }

    public Path kubeControllerManager() {
        return binDir.resolve("kube-controller-manager");
    }

    public String kubernetesVersion() {
        return kubernetesVersion;
    }

    public String etcdVersion() {
        return etcdVersion;
    }
}
