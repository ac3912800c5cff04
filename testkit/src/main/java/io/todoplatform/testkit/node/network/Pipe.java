package io.todoplatform.testkit.node.network;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Copies bytes both ways between two connected channels (TCP or Unix sockets) until both directions end,
 * passing a half-close on: when one side stops sending, the other side's output is shut down, so protocols
 * that signal "done" with a FIN (HTTP/1.0, TLS close) still work through it.
 *
 * <p>Plain blocking channels with one thread per direction: {@code Channels.newInputStream} would hold the
 * channel's blocking lock while reading and dead-lock the other direction on JDK 17.
 */
public final class Pipe {

    private static final int BUFFER_SIZE = 64 * 1024;

    private Pipe() {
    }

    /** Starts copying in two daemon threads and returns at once; both channels are closed at the end. */
    public static void start(String name, SocketChannel a, SocketChannel b) {
        Thread aToB = new Thread(() -> copy(a, b), name + " >");
        Thread bToA = new Thread(() -> {
            copy(b, a);
            awaitQuietly(aToB);
            closeQuietly(a);
            closeQuietly(b);
        }, name + " <");
        aToB.setDaemon(true);
        bToA.setDaemon(true);
        aToB.start();
        bToA.start();
    }

    /** Pipes in the calling thread (plus one helper thread) until both directions end. */
    public static void run(String name, SocketChannel a, SocketChannel b) {
        Thread aToB = new Thread(() -> copy(a, b), name + " >");
        aToB.setDaemon(true);
        aToB.start();
        copy(b, a);
        awaitQuietly(aToB);
        closeQuietly(a);
        closeQuietly(b);
    }

    private static void copy(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // A reset on either side ends the connection as a whole.
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void awaitQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // already closed or reset: nothing left to release
        }
    }
}
