package io.todoplatform.testkit.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running container, as a container runtime would start it, from plain Linux tools run as root:
 *
 * <ol>
 *   <li>{@code nsenter --net=<pod netns>}: the pod's network namespace, shared by its containers;</li>
 *   <li>{@code unshare --mount --uts}: a private mount namespace and the pod's hostname;</li>
 *   <li>the memory cgroup of the container's memory limit, if it has one ({@link MemoryCgroups});</li>
 *   <li>a root filesystem assembled on a tmpfs: the host's /usr, /etc and /lib read-only (the base layers), the
 *   image's files, /proc, /dev, /sys, then the kubelet's /etc/hosts, /etc/hostname and /etc/resolv.conf and the
 *   container's volume mounts at their mountPath; the tmpfs is made read-only when the container asks for
 *   readOnlyRootFilesystem;</li>
 *   <li>{@code setpriv --no-new-privs unshare --root --wd --setuid --setgid}: chroot into it, cd to the working
 *   directory, drop to the image's (or securityContext's) user, which clears every capability, and exec the
 *   container's command with exactly the environment given.</li>
 * </ol>
 *
 * Every step execs the next, so the process the kubelet holds is the container's own process.
 */
final class ContainerProcess {

    /** A path in the container and what is mounted there. */
    record Mount(String containerPath, Path hostPath, boolean readOnly) {
    }

    /** Everything the runtime needs, resolved by the kubelet from the pod spec and the image. */
    record Spec(String name, Path netns, String hostname, Path rootfs, List<String> argv, Map<String, String> env,
                String workingDir, long uid, long gid, boolean readOnlyRootFilesystem, List<Mount> imageFiles,
                List<Mount> etcFiles, List<Mount> volumeMounts, Path memoryCgroup, Path script, Path logFile) {
    }

    private final Spec spec;
    private final Process process;

    private ContainerProcess(Spec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    static ContainerProcess start(Spec spec) {
        try {
            Files.createDirectories(spec.rootfs());
            Files.writeString(spec.script(), script(spec), StandardCharsets.UTF_8);
            Files.writeString(spec.logFile(), "=== " + java.time.Instant.now() + " container " + spec.name() + ": "
                    + String.join(" ", spec.argv()) + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare container " + spec.name(), e);
        }
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/nsenter", "--net=" + spec.netns(), "--",
                "/usr/bin/unshare", "--mount", "--uts", "--propagation", "private", "--",
                "/bin/sh", "-e", spec.script().toString()));
        command.addAll(spec.argv());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        // Exactly the container's environment: nothing of the test JVM's leaks in.
        builder.environment().clear();
        builder.environment().putAll(spec.env());
        try {
            return new ContainerProcess(spec, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start container " + spec.name(), e);
        }
    }

    private static String script(Spec spec) {
        StringBuilder s = new StringBuilder();
        String root = quote(spec.rootfs().toString());
        s.append("# the root filesystem of container ").append(spec.name()).append('\n');
        s.append("R=").append(root).append('\n');
        if (spec.memoryCgroup() != null) {
            // resources.limits.memory: this shell, and so the container's process it becomes, joins the cgroup.
            s.append("echo $$ > ").append(quote(MemoryCgroups.procsFile(spec.memoryCgroup()).toString())).append('\n');
        }
        s.append("/usr/bin/hostname ").append(quote(spec.hostname())).append('\n');
        s.append("/usr/bin/mount -t tmpfs -o mode=0755,size=16m rootfs \"$R\"\n");
        for (String dir : List.of("usr", "etc")) {
            s.append("/usr/bin/mkdir \"$R/").append(dir).append("\"\n");
            s.append("/usr/bin/mount --bind /").append(dir).append(" \"$R/").append(dir).append("\"\n");
            s.append("/usr/bin/mount -o remount,bind,ro \"$R/").append(dir).append("\"\n");
        }
        // Debian's merged /usr: /bin, /lib ... are symlinks into it; a separate directory is bound as it is.
        for (String dir : List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32")) {
            Path host = Path.of("/" + dir);
            if (Files.isSymbolicLink(host)) {
                s.append("/usr/bin/ln -s ").append(quote(readLink(host))).append(" \"$R/").append(dir).append("\"\n");
            } else if (Files.isDirectory(host)) {
                s.append("/usr/bin/mkdir \"$R/").append(dir).append("\"\n");
                s.append("/usr/bin/mount --bind /").append(dir).append(" \"$R/").append(dir).append("\"\n");
                s.append("/usr/bin/mount -o remount,bind,ro \"$R/").append(dir).append("\"\n");
            }
        }
        s.append("/usr/bin/mkdir \"$R/proc\" \"$R/dev\" \"$R/sys\"\n");
        s.append("/usr/bin/mount -t proc proc \"$R/proc\"\n");
        s.append("/usr/bin/mount --rbind /dev \"$R/dev\"\n");
        s.append("/usr/bin/mount --rbind /sys \"$R/sys\"\n");
        for (Mount file : spec.imageFiles()) {
            bind(s, file, true);
        }
        for (Mount file : spec.etcFiles()) {
            // /etc/hosts, /etc/hostname, /etc/resolv.conf exist in the base layer: mount over them.
            s.append("/usr/bin/mount --bind ").append(quote(file.hostPath().toString())).append(" \"$R")
                    .append(file.containerPath()).append("\"\n");
        }
        for (Mount mount : spec.volumeMounts()) {
            bind(s, mount, false);
        }
        if (spec.readOnlyRootFilesystem()) {
            s.append("/usr/bin/mount -o remount,ro \"$R\"\n");
        }
        // The shell running this script exports PWD (the host directory it started in): the container gets the
        // environment of its spec only.
        if (spec.env().containsKey("PWD")) {
            s.append("PWD=").append(quote(spec.env().get("PWD"))).append("; export PWD\n");
        } else {
            s.append("unset PWD\n");
        }
        s.append("exec /usr/bin/setpriv --no-new-privs /usr/bin/unshare --root=\"$R\" --wd=")
                .append(quote(spec.workingDir())).append(" --setgid=").append(spec.gid())
                .append(" --setuid=").append(spec.uid()).append(" -- \"$@\"\n");
        return s.toString();
    }

    /** Creates the mount point in the tmpfs root (a directory, or an empty file for a file) and binds onto it. */
    private static void bind(StringBuilder s, Mount mount, boolean forceReadOnly) {
        String target = "\"$R\"" + quote(mount.containerPath());
        String parent = "\"$R\"" + quote(parentOf(mount.containerPath()));
        s.append("/usr/bin/mkdir -p ").append(parent).append('\n');
        if (Files.isDirectory(mount.hostPath())) {
            s.append("/usr/bin/mkdir -p ").append(target).append('\n');
        } else {
            s.append("/usr/bin/touch ").append(target).append('\n');
        }
        s.append("/usr/bin/mount --bind ").append(quote(mount.hostPath().toString())).append(' ').append(target)
                .append('\n');
        if (forceReadOnly || mount.readOnly()) {
            s.append("/usr/bin/mount -o remount,bind,ro ").append(target).append('\n');
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    String name() {
        return spec.name();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended. */
    int exitCode() {
        return process.exitValue();
    }

    Path logFile() {
        return spec.logFile();
    }

    /** SIGTERM, then SIGKILL after the grace period (terminationGracePeriodSeconds). */
    void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
