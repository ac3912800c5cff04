package io.todoplatform.testkit.node.network;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The little HTTP/1.1 dialect spoken over the Unix sockets of the cluster network: {@code CONNECT host:port}
 * opens a tunnel (exactly what kube-apiserver's egress selector sends to a Konnectivity proxy), {@code GET} and
 * {@code POST} carry small control messages (listener lists, DNS messages). Heads are read byte by byte so
 * that nothing after the head is consumed: after a CONNECT the channel carries the tunnelled bytes only.
 */
public final class Tunnel {

    private static final int MAX_HEAD = 16 * 1024;

    private Tunnel() {
    }

    /** A request or response head: its first line and its headers, the body not yet read. */
    public record Head(String firstLine, List<String> headers) {

        /** The value of a header (case-insensitive name), or null. */
        public String header(String name) {
            for (String line : headers) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        public int contentLength() {
            String value = header("Content-Length");
            return value == null ? 0 : Integer.parseInt(value);
        }

        /** The second word of the first line: the target of a request, the status code of a response. */
        public String secondWord() {
            String[] words = firstLine.split(" ", 3);
            return words.length > 1 ? words[1] : "";
        }

        public String method() {
            return firstLine.split(" ", 2)[0];
        }
    }

    public static SocketChannel openUnix(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Opens a tunnel to {@code target} (host:port) through the CONNECT proxy on {@code socket}. */
    public static SocketChannel connect(Path socket, String target, String client) throws IOException {
        SocketChannel channel = openUnix(socket);
        try {
            write(channel, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nX-Client: " + client + "\r\n\r\n");
            Head response = readHead(channel);
            if (!"200".equals(response.secondWord())) {
                throw new IOException("CONNECT " + target + " via " + socket + ": " + response.firstLine());
            }
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** One request/response exchange with a body both ways; fails unless the answer is 200. */
    public static byte[] exchange(Path socket, String method, String path, byte[] body) throws IOException {
        try (SocketChannel channel = openUnix(socket)) {
            write(channel, method + " " + path + " HTTP/1.1\r\nHost: cluster\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n");
            writeFully(channel, ByteBuffer.wrap(body));
            Head response = readHead(channel);
            byte[] answer = readBody(channel, response.contentLength());
            if (!"200".equals(response.secondWord())) {
                throw new IOException(method + " " + path + " via " + socket + ": " + response.firstLine() + " "
                        + new String(answer, StandardCharsets.UTF_8));
            }
            return answer;
        }
    }

    public static Head readHead(SocketChannel channel) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        // The last four bytes read, to spot the blank line (CR LF CR LF) that ends the head.
        int lastFour = 0;
        while (lastFour != 0x0d0a0d0a) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("connection closed before the end of the head");
            }
            byte b = one.get(0);
            bytes.write(b);
            lastFour = (lastFour << 8) | (b & 0xff);
            if (bytes.size() > MAX_HEAD) {
                throw new IOException("head longer than " + MAX_HEAD + " bytes");
            }
        }
        String[] lines = bytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        List<String> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (!lines[i].isEmpty()) {
                headers.add(lines[i]);
            }
        }
        return new Head(lines[0], headers);
    }

    public static byte[] readBody(SocketChannel channel, int length) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(length);
        while (body.hasRemaining()) {
            if (channel.read(body) < 0) {
                throw new IOException("connection closed after " + body.position() + " of " + length + " body bytes");
            }
        }
        return body.array();
    }

    public static void respond(SocketChannel channel, int status, String reason, byte[] body) throws IOException {
        write(channel, "HTTP/1.1 " + status + " " + reason + "\r\nContent-Length: " + body.length + "\r\n\r\n");
        writeFully(channel, ByteBuffer.wrap(body));
    }

    /** The answer to a CONNECT that succeeded: from here on the channel is the tunnel. */
    public static void established(SocketChannel channel) throws IOException {
        write(channel, "HTTP/1.1 200 Connection established\r\n\r\n");
    }

    private static void write(SocketChannel channel, String text) throws IOException {
        writeFully(channel, ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
