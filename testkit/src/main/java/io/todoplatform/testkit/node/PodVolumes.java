package io.todoplatform.testkit.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's volumes on this node, as the kubelet's volume plugins lay them out: an emptyDir is an empty directory;
 * secret, configMap, downwardAPI and projected volumes are directories of files; a projected
 * serviceAccountToken is a token the kubelet requests from the TokenRequest API, bound to this Pod (so it dies
 * with the pod), for the projection's audience, and renews at 80% of its lifetime.
 *
 * <p>Files are world-readable (the volumes' defaultMode 0644), so the container's non-root user can read them
 * without the kubelet changing ownership (fsGroup is not applied).
 */
final class PodVolumes {

    /** A token file the kubelet keeps fresh. */
    private record Token(Path file, String serviceAccount, String audience, long expirationSeconds, Instant renewAt) {
    }

    private final KubernetesClient client;
    private final Pod pod;
    private final Path dir;
    private final Map<String, Path> paths = new LinkedHashMap<>();
    private final List<Token> tokens = new ArrayList<>();

    private PodVolumes(KubernetesClient client, Pod pod, Path dir) {
        this.client = client;
        this.pod = pod;
        this.dir = dir;
    }

    /** Lays out every volume of the pod under {@code dir}; fails with a message fit for a pod event. */
    static PodVolumes materialize(KubernetesClient client, Pod pod, Path dir) throws PodEnvironment.ConfigError {
        PodVolumes volumes = new PodVolumes(client, pod, dir);
        if (pod.getSpec().getVolumes() != null) {
            for (Volume volume : pod.getSpec().getVolumes()) {
                volumes.paths.put(volume.getName(), volumes.materialize(volume));
            }
        }
        return volumes;
    }

    /** The host directory of a volume, for its volumeMounts. */
    Path path(String volume) {
        return paths.get(volume);
    }

    /** Requests new tokens for the ones past 80% of their lifetime. */
    void renewTokens() {
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (Instant.now().isAfter(token.renewAt())) {
                tokens.set(i, requestToken(token.file(), token.serviceAccount(), token.audience(),
                        token.expirationSeconds()));
            }
        }
    }

    private Path materialize(Volume volume) throws PodEnvironment.ConfigError {
        Path target = dir.resolve(volume.getName());
        createDirectory(target);
        if (volume.getEmptyDir() != null) {
            // emptyDir is created world-writable: any container user can write to it.
            setPermissions(target, "rwxrwxrwx");
        } else if (volume.getSecret() == null && volume.getConfigMap() == null && volume.getDownwardAPI() == null
                && volume.getProjected() == null) {
            throw new PodEnvironment.ConfigError("volume " + volume.getName()
                    + ": only emptyDir, secret, configMap, downwardAPI and projected volumes exist on this node");
        } else {
            writeContents(volume, target, true);
        }
        return target;
    }

    /**
     * Rewrites the Secret, ConfigMap and downward API files from the API server, as the kubelet's periodic volume
     * sync does (how the control plane's trust-anchors file appears once Sentry has published the CA).
     */
    void refresh() {
        if (pod.getSpec().getVolumes() == null) {
            return;
        }
        for (Volume volume : pod.getSpec().getVolumes()) {
            Path target = paths.get(volume.getName());
            if (target != null && volume.getEmptyDir() == null) {
                try {
                    writeContents(volume, target, false);
                } catch (PodEnvironment.ConfigError | RuntimeException e) {
                    // a Secret deleted meanwhile: the files stay as they were, as on a node
                }
            }
        }
    }

    private void writeContents(Volume volume, Path target, boolean withTokens) throws PodEnvironment.ConfigError {
        if (volume.getSecret() != null) {
            Secret secret = secret(volume.getSecret().getSecretName(), volume.getSecret().getOptional());
            writeSecret(target, secret, volume.getSecret().getItems());
        } else if (volume.getConfigMap() != null) {
            ConfigMap map = configMap(volume.getConfigMap().getName(), volume.getConfigMap().getOptional());
            writeConfigMap(target, map, volume.getConfigMap().getItems());
        } else if (volume.getDownwardAPI() != null) {
            writeDownwardApi(target, volume.getDownwardAPI().getItems());
        } else if (volume.getProjected() != null) {
            for (VolumeProjection source : volume.getProjected().getSources()) {
                if (source.getServiceAccountToken() != null) {
                    if (withTokens) {
                        ServiceAccountTokenProjection projection = source.getServiceAccountToken();
                        long expiration = projection.getExpirationSeconds() == null ? 3600
                                : projection.getExpirationSeconds();
                        tokens.add(requestToken(target.resolve(projection.getPath()),
                                pod.getSpec().getServiceAccountName(), projection.getAudience(), expiration));
                    }
                } else if (source.getConfigMap() != null) {
                    writeConfigMap(target, configMap(source.getConfigMap().getName(), source.getConfigMap().getOptional()),
                            source.getConfigMap().getItems());
                } else if (source.getSecret() != null) {
                    writeSecret(target, secret(source.getSecret().getName(), source.getSecret().getOptional()),
                            source.getSecret().getItems());
                } else if (source.getDownwardAPI() != null) {
                    writeDownwardApi(target, source.getDownwardAPI().getItems());
                }
            }
        }
    }

    private Token requestToken(Path file, String serviceAccount, String audience, long expirationSeconds) {
        TokenRequestBuilder request = new TokenRequestBuilder()
                .withNewSpec()
                .withExpirationSeconds(expirationSeconds)
                .withNewBoundObjectRef("v1", "Pod", pod.getMetadata().getName(), pod.getMetadata().getUid())
                .endSpec();
        if (audience != null && !audience.isEmpty()) {
            request.editSpec().withAudiences(audience).endSpec();
        }
        TokenRequest answer = client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace())
                .withName(serviceAccount).tokenRequest(request.build());
        write(file, answer.getStatus().getToken());
        return new Token(file, serviceAccount, audience, expirationSeconds,
                Instant.now().plus(Duration.ofSeconds(expirationSeconds * 8 / 10)));
    }

    private Secret secret(String name, Boolean optional) throws PodEnvironment.ConfigError {
        Secret secret = client.secrets().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
        if (secret == null && !Boolean.TRUE.equals(optional)) {
            throw new PodEnvironment.ConfigError("secret \"" + name + "\" not found");
        }
        return secret;
    }

    private ConfigMap configMap(String name, Boolean optional) throws PodEnvironment.ConfigError {
        ConfigMap map = client.configMaps().inNamespace(pod.getMetadata().getNamespace()).withName(name).get();
        if (map == null && !Boolean.TRUE.equals(optional)) {
            throw new PodEnvironment.ConfigError("configmap \"" + name + "\" not found");
        }
        return map;
    }

    private static void writeSecret(Path target, Secret secret, List<KeyToPath> items) {
        if (secret == null || secret.getData() == null) {
            return;
        }
        Map<String, String> decoded = new LinkedHashMap<>();
        secret.getData().forEach((k, v) -> decoded.put(k,
                new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        writeKeys(target, decoded, items);
    }

    private static void writeConfigMap(Path target, ConfigMap map, List<KeyToPath> items) {
        if (map != null && map.getData() != null) {
            writeKeys(target, map.getData(), items);
        }
    }

    private static void writeKeys(Path target, Map<String, String> data, List<KeyToPath> items) {
        if (items == null || items.isEmpty()) {
            data.forEach((key, value) -> write(target.resolve(key), value));
        } else {
            for (KeyToPath item : items) {
                if (data.containsKey(item.getKey())) {
                    write(target.resolve(item.getPath()), data.get(item.getKey()));
                }
            }
        }
    }

    private void writeDownwardApi(Path target, List<DownwardAPIVolumeFile> items) throws PodEnvironment.ConfigError {
        for (DownwardAPIVolumeFile item : items) {
            if (item.getFieldRef() == null) {
                throw new PodEnvironment.ConfigError("downwardAPI " + item.getPath() + ": only fieldRef is supported");
            }
            write(target.resolve(item.getPath()), PodEnvironment.field(pod, item.getFieldRef()));
        }
    }

    private static void write(Path file, String content) {
        try {
            // Unchanged files are left alone: programs watch these directories (Sentry reloads its CA on a change).
            if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
                return;
            }
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(partial, content, StandardCharsets.UTF_8);
            setPermissions(partial, "rw-r--r--");
            // Renamed into place: a reader (daprd re-reading its token) never sees half a file.
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            setPermissions(dir, "rwxr-xr-x");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void setPermissions(Path path, String permissions) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the permissions of " + path, e);
        }
    }
}
