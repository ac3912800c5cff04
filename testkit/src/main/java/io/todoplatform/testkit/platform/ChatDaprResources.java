package io.todoplatform.testkit.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TEMPORARY, hand-written Dapr resources for chat-api's sidecar, until the operator renders them from
 * {@code spec.chat} (issue 11, phase B): then the tests take them from {@code render} like the backend's. Kept in
 * one place so that switch is one change. What they say is what docs/chat-api.md asks the operator to render:
 * <ul>
 *   <li>a {@code conversation.openai} Component whose API key is a {@code secretKeyRef} (chat-api never holds it),
 *       {@code endpoint} any OpenAI-compatible base URL, scoped to chat-api;</li>
 *   <li>a Configuration for chat-api: the secrets it may read, and the name resolver the sidecars share.</li>
 * </ul>
 * Name resolution is the {@code sqlite} resolver on a file both sidecars open: it works offline (mDNS needs
 * multicast, which CI machines may not have). Each daprd registers itself under its {@code DAPR_HOST_IP}, which the
 * tests set to 127.0.0.1.
 */
public final class ChatDaprResources {

    private ChatDaprResources() {
    }

    /** The conversation component: key from {@code secretStore}'s Secret {@code keySecret}/{@code keyField}. */
    public static Path writeConversationComponent(Path resourcesDir, String name, String endpoint, String model,
                                                  String secretStore, String keySecret, String keyField,
                                                  String chatAppId) {
        String yaml = """
                apiVersion: dapr.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: conversation.openai
                  version: v1
                  metadata:
                  - name: key
                    secretKeyRef:
                      name: %s
                      key: %s
                  - name: endpoint
                    value: "%s"
                  - name: model
                    value: "%s"
                auth:
                  secretStore: %s
                scopes:
                - %s
                """.formatted(name, keySecret, keyField, endpoint, model, secretStore, chatAppId);
        return write(resourcesDir.resolve("component-" + name + ".yaml"), yaml);
    }

    /** chat-api's Configuration: secrets scope (the JWT secret only) and the shared sqlite name resolver. */
    public static Path writeChatConfiguration(Path file, String secretStore, Path nameResolutionDb) {
        String yaml = """
                apiVersion: dapr.io/v1alpha1
                kind: Configuration
                metadata:
                  name: chat-api-config
                spec:
                  metric:
                    enabled: true
                  secrets:
                    scopes:
                    - storeName: %s
                      defaultAccess: deny
                      allowedSecrets:
                      - todo-auth
                %s""".formatted(secretStore, nameResolution(nameResolutionDb));
        return write(file, yaml);
    }

    /** The {@code spec.nameResolution} block (indented for a Configuration's spec) for the shared sqlite file. */
    public static String nameResolution(Path nameResolutionDb) {
        return """
                  nameResolution:
                    component: sqlite
                    version: v1
                    configuration:
                      connectionString: "%s"
                """.formatted(nameResolutionDb.toAbsolutePath());
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
