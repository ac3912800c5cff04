package io.todoplatform.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out loopback TCP ports that are free right now. Processes started by the tests bind them a moment later;
 * ports handed out earlier in this JVM are never handed out again, so two servers started by one test run cannot be
 * given the same port.
 *
 * <p>When a module runs its test classes in several JVMs at once (surefire's forkCount, {@value #FORK_PROPERTY} set
 * to the fork's number), each JVM takes its ports from a block of its own below the kernel's ephemeral range: a port
 * one JVM let go of a moment ago is never the one another JVM's process is about to bind.
 */
public final class FreePorts {
    public static final String FORK_PROPERTY = "todo.test.fork";
    private static final int FIRST_BLOCK_PORT = 12_000;
    private static final int BLOCK_SIZE = 4_000;

    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static int nextInBlock;

    private FreePorts() {
    }

    public static synchronized int next() {
        Integer fork = Integer.getInteger(FORK_PROPERTY);
        return fork == null ? nextEphemeral() : nextInBlock(fork);
    }

    private static int nextEphemeral() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = bindable(0);
            if (port > 0 && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no fresh free loopback port after 50 attempts");
    }

    private static int nextInBlock(int fork) {
        if (fork < 1 || fork > 5) {
            throw new IllegalStateException(FORK_PROPERTY + " must be 1-5 (ports " + FIRST_BLOCK_PORT + "-32767), got "
                + fork);
        }
        int first = FIRST_BLOCK_PORT + (fork - 1) * BLOCK_SIZE;
        for (int attempt = 0; attempt < BLOCK_SIZE; attempt++) {
            int candidate = first + nextInBlock++ % BLOCK_SIZE;
            if (!HANDED_OUT.contains(candidate) && bindable(candidate) == candidate) {
                HANDED_OUT.add(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("no free loopback port left in " + first + "-" + (first + BLOCK_SIZE - 1));
    }

    /** The port a loopback socket bound to {@code port} got (0: any), or -1 when it is taken. */
    private static int bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            if (port == 0) {
                throw new UncheckedIOException("cannot open a loopback socket to find a free port", e);
            }
            return -1;
        }
    }
}
