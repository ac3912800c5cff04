package io.todoplatform.local;

import io.todoplatform.testkit.dapr.DaprBinaries;
import io.todoplatform.testkit.platform.OperatorRender;
import io.todoplatform.testkit.postgres.PostgresServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What must be on this machine before anything starts, each missing piece named with what to do about it, all of
 * them at once (hack/platform.sh builds the jars and the Dapr binaries before it calls the launcher; this is what
 * it cannot build, and what a direct run of the launcher lacks).
 */
final class Prerequisites {

    private Prerequisites() {
    }

    /** PostgreSQL's server binaries (and, as root, the user it runs as), Dapr's binaries, the operator jar. */
    static List<String> missingBeforeRender() {
        List<String> missing = new ArrayList<>();
        check(missing, () -> {
            PostgresServer.requireInstalled();
            return null;
        }, "PostgreSQL 15's server binaries");
        if (LocalHome.runsAsRoot()) {
            if (!Files.isExecutable(Paths.get("/usr/sbin/runuser")) && !Files.isExecutable(Paths.get("/sbin/runuser"))
                    && !Files.isExecutable(Paths.get("/usr/bin/runuser"))) {
                missing.add("runuser (util-linux) is missing: PostgreSQL refuses to run as root, so the launcher runs it"
                        + " as the postgres OS user through runuser (apt-get install util-linux)");
            }
            if (!postgresUserExists()) {
                missing.add("there is no postgres OS user: PostgreSQL refuses to run as root, and the launcher runs it as"
                        + " postgres (Debian's postgresql package creates that user)");
            }
        }
        check(missing, () -> DaprBinaries.locate().requireBuilt(), "Dapr's daprd and scheduler");
        check(missing, OperatorRender::jar, "the operator jar");
        return missing;
    }

    /** The jars of the programs the rendered TodoPlatform needs. */
    static List<String> missingJars(Collection<AppProgram> programs) {
        List<String> missing = new ArrayList<>();
        programs.stream().distinct().forEach(program -> check(missing, program::jar, program.imageName() + ".jar"));
        return missing;
    }

    /** Every port in use on 127.0.0.1, with what the launcher wanted it for. */
    static List<String> portsInUse(Map<Integer, String> wanted) {
        List<String> inUse = new ArrayList<>();
        wanted.forEach((port, purpose) -> {
            if (!free(port)) {
                inUse.add("port " + port + " is in use on 127.0.0.1; the local platform needs it for " + purpose);
            }
        });
        return inUse;
    }

    static void require(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new UserError(what + ":\n  - " + String.join("\n  - ", problems));
        }
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void check(List<String> missing, Supplier<?> requirement, String what) {
        try {
            requirement.get();
        } catch (IllegalStateException e) {
            missing.add(what + ": " + e.getMessage());
        }
    }

    private static boolean postgresUserExists() {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith("postgres:"));
        } catch (IOException e) {
            return true;
        }
    }
}
