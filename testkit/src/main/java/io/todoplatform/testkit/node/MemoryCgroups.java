package io.todoplatform.testkit.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's {@code resources.limits.memory}, enforced the way a container runtime does it: a memory cgroup
 * with that limit holding the container's process, so the kernel OOM-kills it past the limit and the JVMs in the
 * images size their heaps from it (their ENTRYPOINTs use -XX:MaxRAMPercentage). The cgroups are children of the
 * test JVM's own memory cgroup (v1 or v2), so everything stays accounted where the test run is.
 *
 * <p>When no memory cgroup can be created here, containers run without limits and the kubelet says so once.
 */
final class MemoryCgroups {

    private static final Logger LOG = LoggerFactory.getLogger(MemoryCgroups.class);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path parent;
    private final boolean unified;

    private MemoryCgroups(Path parent, boolean unified) {
        this.parent = parent;
        this.unified = unified;
    }

    /** The memory cgroup of this JVM, if this machine lets it create children. */
    static Optional<MemoryCgroups> ofThisProcess() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.UTF_8);
            for (String line : lines) {
                String[] parts = line.split(":", 3);
                if (parts.length == 3 && List.of(parts[1].split(",")).contains("memory")) {
                    return usable(Path.of("/sys/fs/cgroup/memory" + parts[2]), false);
                }
            }
            for (String line : lines) {
                if (line.startsWith("0::")) {
                    Path dir = Path.of("/sys/fs/cgroup" + line.substring(3));
                    if (Files.readString(Path.of("/sys/fs/cgroup/cgroup.controllers")).contains("memory")) {
                        return usable(dir, true);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("no memory cgroup for containers ({}): memory limits are not enforced", e.toString());
        }
        return Optional.empty();
    }

    private static Optional<MemoryCgroups> usable(Path dir, boolean unified) {
        if (Files.isDirectory(dir) && Files.isWritable(dir)) {
            return Optional.of(new MemoryCgroups(dir, unified));
        }
        LOG.warn("memory cgroup {} is not writable: memory limits are not enforced", dir);
        return Optional.empty();
    }

    /** A new cgroup limited to {@code bytes}; the container's process joins it through {@link #procsFile}. */
    Path create(String container, long bytes) throws IOException {
        Path dir = parent.resolve("todo-container-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()
                + "-" + container.replaceAll("[^A-Za-z0-9-]", ""));
        Files.createDirectory(dir);
        Files.writeString(dir.resolve(unified ? "memory.max" : "memory.limit_in_bytes"), Long.toString(bytes));
        return dir;
    }

    static Path procsFile(Path cgroup) {
        return cgroup.resolve("cgroup.procs");
    }

    /** Removes an emptied cgroup (its process has exited). */
    static void remove(Path cgroup) {
        if (cgroup != null) {
            try {
                Files.deleteIfExists(cgroup);
            } catch (IOException e) {
                LOG.warn("cgroup {} not removed: {}", cgroup, e.toString());
            }
        }
    }
}
