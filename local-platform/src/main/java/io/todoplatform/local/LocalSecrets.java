package io.todoplatform.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The secrets file daprd's {@code secretstores.local.file} reads ({@code render --secrets-file}): shaped like the
 * Kubernetes Secrets the TodoPlatform names, filled from {@link Credentials}, rewritten at each {@code up} (the
 * TodoPlatform may name other Secrets than last time). It also answers what the kubelet and Dapr's injector would
 * take from Secrets: the apps' {@code secretKeyRef} variables and the sidecars' tokens.
 */
final class LocalSecrets {

    /** The Secret the apps read their JWT signing secret from (docs/backend.md, docs/chat-api.md). */
    static final String AUTH_SECRET = "todo-auth";
    static final String JWT_KEY = "jwt-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, String>> secrets = new TreeMap<>();

    /**
     * The Secrets of this TodoPlatform: Kafka's user (at the TodoPlatform's secretRef), PostgreSQL's connection
     * string (connectionSecretRef), the JWT secret, and a token for every app-token or API-token Secret the
     * Deployments name.
     */
    static LocalSecrets of(PlatformFile platform, Credentials credentials, int postgresPort, List<AppSpec> apps) {
        LocalSecrets local = new LocalSecrets();
        PlatformFile.SecretKeys kafka = platform.kafkaSecret();
        local.put(kafka.name(), kafka.key(), Credentials.KAFKA_USER);
        local.put(kafka.name(), kafka.secondKey(), credentials.kafkaPassword());
        PlatformFile.SecretKeys database = platform.databaseSecret();
        local.put(database.name(), database.key(), "host=127.0.0.1 port=" + postgresPort + " user=" + Credentials.DATABASE_USER
                + " password=" + credentials.postgresPassword() + " dbname=" + Credentials.DATABASE + " sslmode=disable");
        local.put(AUTH_SECRET, JWT_KEY, credentials.jwtSecret());
        for (AppSpec app : apps) {
            for (String tokenSecret : new String[] {app.appTokenSecret(), app.apiTokenSecret()}) {
                if (tokenSecret != null) {
                    local.put(tokenSecret, "token", credentials.token(tokenSecret));
                }
            }
            for (AppSpec.SecretRef ref : app.secretEnvironment().values()) {
                if (local.value(ref.name(), ref.key()) == null) {
                    // An app's own secret the TodoPlatform names (like the app token): made up once, kept.
                    local.put(ref.name(), ref.key(), credentials.token(ref.name() + "/" + ref.key()));
                }
            }
        }
        return local;
    }

    void put(String secret, String key, String value) {
        secrets.computeIfAbsent(secret, name -> new LinkedHashMap<>()).put(key, value);
    }

    /** A key's value, or null. */
    String value(String secret, String key) {
        return secrets.getOrDefault(secret, Map.of()).get(key);
    }

    /** The app's environment from Secrets, resolved. */
    Map<String, String> environment(AppSpec app) {
        Map<String, String> environment = new LinkedHashMap<>();
        app.secretEnvironment().forEach((name, ref) -> environment.put(name, value(ref.name(), ref.key())));
        return environment;
    }

    /** Written owner-only: it holds every password of the local platform. */
    void write(Path file) {
        try {
            PrivateFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(secrets));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
