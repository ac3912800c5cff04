package io.todoplatform.testkit.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the node knows of an image reference: the image config a container runtime reads (ENTRYPOINT, CMD,
 * WORKDIR, USER, ENV) and the image's own files, each taken from a file built on this machine instead of a
 * layer pulled from a registry. Every container's root filesystem is the host's /usr, /etc and /lib read-only
 * (the base layers), plus these files.
 *
 * @param files path inside the container -> file or directory on the host bound there read-only
 */
public record ContainerImage(String reference, List<String> entrypoint, List<String> cmd, String workingDir,
                             long uid, long gid, Map<String, String> env, Map<String, Path> files) {

    public ContainerImage {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = Map.copyOf(env);
        files = Map.copyOf(files);
        if (workingDir == null || workingDir.isEmpty()) {
            workingDir = "/";
        }
    }

    /** The PATH containerd gives a container whose image sets none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
}
