package io.todoplatform.testkit.dapr.kubernetes;

import io.todoplatform.testkit.dapr.DaprBinaries;
import io.todoplatform.testkit.node.ContainerImage;
import io.todoplatform.testkit.node.ImageRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Dapr's release images as the node serves them: {@code ghcr.io/dapr/<binary>:<version>} (the Helm chart's
 * {@code global.registry} and image names), each a distroless "static:nonroot" image with one binary at
 * {@code /<binary>}, no ENTRYPOINT, user 65532 — here the binary hack/build-dapr.sh built from the same release.
 */
public final class DaprImages {

    public static final String REGISTRY = "ghcr.io/dapr";
    static final List<String> BINARIES = List.of("sentry", "operator", "injector", "scheduler", "daprd");
    private static final long NONROOT = 65532;

    private DaprImages() {
    }

    /** e.g. {@code ghcr.io/dapr/daprd:1.17.5}. */
    public static String reference(String binary, DaprBinaries binaries) {
        return REGISTRY + "/" + binary + ":" + binaries.version().substring(1);
    }

    /** Adds the five images; fails with the build command when a binary is missing. */
    public static void addTo(ImageRegistry registry, DaprBinaries binaries) {
        Path binDir = binaries.daprd().getParent();
        for (String binary : BINARIES) {
            Path file = binDir.resolve(binary);
            if (!Files.isExecutable(file)) {
                throw new IllegalStateException("Dapr " + binaries.version() + " " + binary + " is not built (" + file
                        + " is missing). Build it with: bash hack/build-dapr.sh");
            }
            registry.add(new ContainerImage(reference(binary, binaries), List.of(), List.of(), "/", NONROOT, NONROOT,
                    Map.of("PATH", ContainerImage.DEFAULT_PATH,
                            "SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt"),
                    Map.of("/" + binary, file)));
        }
    }
}
