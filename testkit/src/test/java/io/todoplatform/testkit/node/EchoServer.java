package io.todoplatform.testkit.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The program of KubeletIT's test image: a tiny HTTP server that tells what it sees from inside its container
 * (its user, hostname, working directory, arguments, environment, files) and does what a pod does (resolve a
 * name, call a URL, write a file), so the test can check the node ran it exactly as the Pod spec says.
 * Runs on the JVM of the tests with only this class on its classpath (the image's only file), hence no JSON
 * library.
 */
public final class EchoServer {

    private EchoServer() {
    }

    public static void main(String[] args) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(args[0])), 16);
        server.createContext("/whoami", exchange -> {
            Map<String, Object> me = new LinkedHashMap<>();
            me.put("uid", statusField("Uid"));
            me.put("gid", statusField("Gid"));
            me.put("hostname", InetAddress.getLocalHost().getHostName());
            me.put("cwd", Path.of("").toAbsolutePath().toString());
            me.put("args", Arrays.asList(args));
            me.put("env", System.getenv());
            respond(exchange, 200, json(me));
        });
        server.createContext("/file", exchange -> {
            Path file = Path.of(query(exchange, "path"));
            if (Files.isRegularFile(file)) {
                respond(exchange, 200, Files.readString(file));
            } else {
                respond(exchange, 404, "no file " + file);
            }
        });
        server.createContext("/write", exchange -> {
            try {
                Files.writeString(Path.of(query(exchange, "path")), "written");
                respond(exchange, 200, "written");
            } catch (IOException e) {
                respond(exchange, 500, e.toString());
            }
        });
        server.createContext("/resolve", exchange -> {
            try {
                respond(exchange, 200, json(Arrays.stream(InetAddress.getAllByName(query(exchange, "name")))
                        .map(InetAddress::getHostAddress).toList()));
            } catch (IOException e) {
                respond(exchange, 404, e.toString());
            }
        });
        server.createContext("/fetch", exchange -> {
            try {
                HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(query(exchange, "url"))).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                respond(exchange, answer.statusCode(), answer.body());
            } catch (IOException | InterruptedException e) {
                respond(exchange, 502, e.toString());
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("SIGTERM received")));
        server.start();
        System.out.println("listening on " + args[0]);
    }

    /** JSON of strings, lists and maps: all this server ever sends. */
    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(json(k)).append(':').append(json(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(out.length() > 1 ? "," : "").append(json(v)));
            return out.append(']').toString();
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : String.valueOf(value).toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String statusField(String name) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
        return lines.stream().filter(l -> l.startsWith(name + ":")).findFirst().orElseThrow().split("\\s+")[1];
    }

    private static String query(HttpExchange exchange, String name) {
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("no query parameter " + name);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
