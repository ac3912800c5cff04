package io.todoplatform.local;

import io.todoplatform.testkit.platform.OperatorRender;
import io.todoplatform.testkit.process.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the operator's {@code render} makes of the TodoPlatform, read the way a cluster would use it: every
 * Dapr-enabled Deployment is an app to run beside its own daprd ({@code --target kubernetes}), and daprd's
 * resources and Configurations are the self-hosted rendering ({@code --target selfhosted}, whose secret store
 * reads the launcher's secrets file). Nothing about the apps is written here by hand.
 */
final class RenderedPlatform {

    private static final String ENABLED = "dapr.io/enabled";

    private final List<JsonNode> manifests;
    private final List<JsonNode> daprResources;

    private RenderedPlatform(List<JsonNode> manifests, List<JsonNode> daprResources) {
        this.manifests = manifests;
        this.daprResources = daprResources;
    }

    /**
     * What render gives for this TodoPlatform, from {@code cacheFile} when neither the file nor the operator jar
     * changed since it was written (a restart then skips two JVM starts), else rendered afresh and cached.
     */
    static RenderedPlatform render(Path todoPlatform, Path secretsFile, Path cacheFile) {
        String key = cacheKey(todoPlatform, secretsFile);
        try {
            if (Files.exists(cacheFile)) {
                JsonNode cached = OperatorRender.YAML.readTree(cacheFile.toFile());
                if (key.equals(cached.path("key").asText())) {
                    return new RenderedPlatform(list(cached.path("kubernetes")), list(cached.path("selfHosted")));
                }
            }
        } catch (IOException e) {
            // an unreadable cache is rendered again
        }
        RenderedPlatform rendered = render(todoPlatform, secretsFile);
        ObjectNode cache = OperatorRender.YAML.createObjectNode().put("key", key);
        cache.putArray("kubernetes").addAll(rendered.manifests);
        cache.putArray("selfHosted").addAll(rendered.daprResources);
        try {
            OperatorRender.YAML.writeValue(cacheFile.toFile(), cache);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + cacheFile, e);
        }
        return rendered;
    }

    /**
     * Runs the operator jar's render twice, side by side (two JVM starts). An invalid TodoPlatform is a
     * {@link UserError} carrying render's own messages, one per field.
     */
    static RenderedPlatform render(Path todoPlatform, Path secretsFile) {
        CompletableFuture<List<JsonNode>> kubernetes = CompletableFuture.supplyAsync(
                () -> OperatorRender.kubernetes(todoPlatform));
        CompletableFuture<List<JsonNode>> selfHosted = CompletableFuture.supplyAsync(
                () -> OperatorRender.selfHosted(todoPlatform, secretsFile));
        try {
            return new RenderedPlatform(kubernetes.join(), selfHosted.join());
        } catch (CompletionException e) {
            if (e.getCause() instanceof OperatorRender.RenderFailure failure && failure.exitCode() == 2) {
                throw new UserError(todoPlatform + " is not a TodoPlatform the operator accepts:\n"
                        + failure.stderr().strip().indent(2).stripTrailing());
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    /** Every Dapr-enabled Deployment, in render's order (the backend first). */
    List<AppSpec> apps() {
        List<AppSpec> apps = new ArrayList<>();
        for (JsonNode deployment : OperatorRender.ofKind(manifests, "Deployment")) {
            JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
            if ("true".equals(annotations.path(ENABLED).asText())) {
                apps.add(app(deployment, annotations));
            }
        }
        return apps;
    }

    /** Images the launcher has no jar for, one message per Deployment. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (JsonNode deployment : OperatorRender.ofKind(manifests, "Deployment")) {
            JsonNode annotations = deployment.path("spec").path("template").path("metadata").path("annotations");
            String image = container(deployment).path("image").asText();
            if ("true".equals(annotations.path(ENABLED).asText()) && AppProgram.ofImage(image).isEmpty()) {
                problems.add("Deployment " + deployment.path("metadata").path("name").asText() + ": the local platform"
                        + " runs this repository's jars in place of images, by image name (" + names() + "); got "
                        + image + (isBackend(deployment) ? " from spec.backend.image" : ""));
            }
        }
        return problems;
    }

    /** The platform's topics: every topic the apps are told about (TODO_TOPIC_*, TOPIC_DEAD_LETTERS). */
    List<String> topics(List<AppSpec> apps) {
        Set<String> topics = new LinkedHashSet<>();
        for (AppSpec app : apps) {
            app.environment().forEach((name, value) -> {
                if (name.startsWith("TODO_TOPIC_") || name.equals("TOPIC_DEAD_LETTERS")) {
                    topics.add(value);
                }
            });
        }
        return List.copyOf(topics);
    }

    /** The rendered Component whose type starts with {@code typePrefix} ("state.", "secretstores."), if any. */
    Optional<JsonNode> component(String typePrefix) {
        return OperatorRender.ofKind(daprResources, "Component").stream()
                .filter(c -> c.path("spec").path("type").asText().startsWith(typePrefix))
                .findFirst();
    }

    /** The namespace the apps run in (their Deployments'), which their mTLS identities carry. */
    String namespace() {
        return OperatorRender.ofKind(manifests, "Deployment").stream()
                .map(d -> d.path("metadata").path("namespace").asText(""))
                .filter(ns -> !ns.isEmpty()).findFirst().orElse("default");
    }

    /** The Secret key chat-api's conversation component reads the model's API key from, if any. */
    Optional<AppSpec.SecretRef> modelKey() {
        return component("conversation.").flatMap(c -> metadataItem(c, "key"))
                .map(item -> item.path("secretKeyRef"))
                .filter(JsonNode::isObject)
                .map(ref -> new AppSpec.SecretRef(ref.path("name").asText(), ref.path("key").asText()));
    }

    /** What chat-api's model is, for people: {@link PlatformState.App#ECHO}, "NAME at URL", or the type. */
    Optional<String> model() {
        return component("conversation.").map(c -> {
            String type = c.path("spec").path("type").asText();
            if (PlatformState.App.ECHO.equals(type)) {
                return PlatformState.App.ECHO;
            }
            String endpoint = metadataItem(c, "endpoint").map(i -> i.path("value").asText()).orElse(null);
            String model = metadataItem(c, "model").map(i -> i.path("value").asText()).orElse("the default model");
            return endpoint == null ? model + " through " + type : model + " at " + endpoint;
        });
    }

    /** The OpenAI-compatible base URL chat-api's model component calls, if it names one. */
    Optional<String> modelEndpoint() {
        return component("conversation.").flatMap(c -> metadataItem(c, "endpoint")).map(i -> i.path("value").asText());
    }

    private static Optional<JsonNode> metadataItem(JsonNode component, String name) {
        for (JsonNode item : component.path("spec").path("metadata")) {
            if (name.equals(item.path("name").asText())) {
                return Optional.of(item);
            }
        }
        return Optional.empty();
    }

    /** Whether a Configuration of this name was rendered. */
    boolean hasConfiguration(String name) {
        return OperatorRender.ofKind(daprResources, "Configuration").stream()
                .anyMatch(c -> name.equals(c.path("metadata").path("name").asText()));
    }

    /**
     * Writes daprd's files afresh: {@code resources/} (every resource but the Configurations: each daprd loads
     * those scoped to its app-id, as in a namespace) and {@code config/<name>.yaml} per Configuration, each given
     * the name resolver the sidecars share on this machine (service invocation between apps).
     */
    void write(Path daprDir, Path nameResolutionDb) {
        TempDirs.deleteRecursively(daprDir);
        Path resources = TempDirs.createDirectories(daprDir.resolve("resources"));
        TempDirs.createDirectories(daprDir.resolve("config"));
        int index = 0;
        try {
            for (JsonNode resource : daprResources) {
                String kind = resource.path("kind").asText();
                String name = resource.path("metadata").path("name").asText();
                if ("Configuration".equals(kind)) {
                    ObjectNode configuration = resource.deepCopy();
                    addNameResolution(configuration, nameResolutionDb);
                    OperatorRender.YAML.writeValue(configFile(daprDir, name).toFile(), configuration);
                } else {
                    Path file = resources.resolve(String.format("%02d-%s-%s.yaml", index++, kind.toLowerCase(), name));
                    OperatorRender.YAML.writeValue(file.toFile(), resource);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write daprd's files into " + daprDir, e);
        }
    }

    static Path resourcesDir(Path daprDir) {
        return daprDir.resolve("resources");
    }

    static Path configFile(Path daprDir, String name) {
        return daprDir.resolve("config").resolve(name + ".yaml");
    }

    /**
     * Dapr's sqlite name resolver on a file all sidecars open: works offline (mDNS, daprd's default, needs
     * multicast); each daprd registers 127.0.0.1 (DAPR_HOST_IP). Local only: a cluster resolves through its DNS.
     */
    static void addNameResolution(ObjectNode configuration, Path nameResolutionDb) {
        ObjectNode spec = configuration.has("spec") ? (ObjectNode) configuration.get("spec") : configuration.putObject("spec");
        ObjectNode resolver = spec.putObject("nameResolution");
        resolver.put("component", "sqlite").put("version", "v1")
                .putObject("configuration").put("connectionString", nameResolutionDb.toAbsolutePath().toString());
    }

    /** The TodoPlatform's bytes, the operator jar's identity and the secrets file's path: all render depends on. */
    private static String cacheKey(Path todoPlatform, Path secretsFile) {
        try {
            Path jar = OperatorRender.jar();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(Files.readAllBytes(todoPlatform));
            digest.update((jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()
                    + "|" + secretsFile.toAbsolutePath()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + todoPlatform, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static AppSpec app(JsonNode deployment, JsonNode annotations) {
        JsonNode container = container(deployment);
        Map<String, String> environment = new LinkedHashMap<>();
        Map<String, AppSpec.SecretRef> secretEnvironment = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            if (variable.has("value")) {
                environment.put(name, variable.path("value").asText());
            } else if (variable.path("valueFrom").has("secretKeyRef")) {
                JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
                secretEnvironment.put(name, new AppSpec.SecretRef(ref.path("name").asText(), ref.path("key").asText()));
            }
        }
        String appId = annotations.path("dapr.io/app-id").asText(deployment.path("metadata").path("name").asText());
        AppProgram program = AppProgram.ofImage(container.path("image").asText()).orElseThrow();
        int port = Integer.parseInt(environment.getOrDefault("PORT", annotations.path("dapr.io/app-port").asText("0")));
        return new AppSpec(appId, program, port, annotations.path("dapr.io/app-port").asInt(0),
                text(annotations, "dapr.io/config"), annotations.path("dapr.io/log-level").asText("info"),
                annotations.path("dapr.io/log-as-json").asBoolean(false),
                text(annotations, "dapr.io/app-token-secret"), text(annotations, "dapr.io/api-token-secret"),
                environment, secretEnvironment, "Deployment " + deployment.path("metadata").path("name").asText());
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0);
    }

    private static boolean isBackend(JsonNode deployment) {
        return "backend".equals(deployment.path("metadata").path("labels").path("app.kubernetes.io/component").asText());
    }

    private static String names() {
        List<String> names = new ArrayList<>();
        for (AppProgram program : AppProgram.values()) {
            names.add(program.imageName());
        }
        return String.join(", ", names);
    }

    private static String text(JsonNode node, String field) {
        String value = node.path(field).asText("");
        return value.isEmpty() ? null : value;
    }
}
