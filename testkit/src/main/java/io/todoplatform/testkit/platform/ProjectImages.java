package io.todoplatform.testkit.platform;

import io.todoplatform.testkit.Environment;
import io.todoplatform.testkit.node.ContainerImage;
import io.todoplatform.testkit.node.Dockerfile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The project's images as the node serves them, read from the top-level Dockerfile: {@code --target todo-app},
 * {@code --target chat-api} and {@code --target operator} (their ENTRYPOINT, CMD, USER, WORKDIR and the jar each copies from the build
 * stage, which is the jar the Maven build made). Their base, eclipse-temurin:17-jre, is stood in for by the JDK
 * running the tests, at the same path ({@code /opt/java/openjdk}) and with the same PATH and JAVA_HOME.
 */
public final class ProjectImages {

    public static final String JRE_BASE = "eclipse-temurin:17-jre";
    private static final String JAVA_HOME = "/opt/java/openjdk";

    private ProjectImages() {
    }

    /** {@code docker build --target todo-app -t reference .} */
    public static ContainerImage todoApp(String reference) {
        return image("todo-app", reference);
    }

    /** {@code docker build --target chat-api -t reference .} */
    public static ContainerImage chatApi(String reference) {
        return image("chat-api", reference);
    }

    /** {@code docker build --target operator -t reference .} */
    public static ContainerImage operator(String reference) {
        return image("operator", reference);
    }

    private static ContainerImage image(String stage, String reference) {
        Path repo = Environment.repoRoot();
        ContainerImage image = Dockerfile.read(repo.resolve("Dockerfile")).image(stage, reference, repo,
                ProjectImages::base);
        for (Map.Entry<String, Path> file : image.files().entrySet()) {
            if (!Files.exists(file.getValue())) {
                throw new IllegalStateException("image " + reference + " needs " + file.getValue() + " at "
                        + file.getKey() + "; build it first (./mvnw -pl e2e -am verify packages the jars)");
            }
        }
        return image;
    }

    private static ContainerImage base(String from) {
        if (!JRE_BASE.equals(from)) {
            throw new IllegalStateException("no stand-in for the base image " + from + " of the Dockerfile");
        }
        Path javaHome = Environment.javaExecutable().getParent().getParent();
        return new ContainerImage(from, List.of(), List.of(), "/", 0, 0,
                Map.of("JAVA_HOME", JAVA_HOME,
                        "PATH", JAVA_HOME + "/bin:" + ContainerImage.DEFAULT_PATH,
                        "LANG", "en_US.UTF-8",
                        "LANGUAGE", "en_US:en",
                        "LC_ALL", "en_US.UTF-8"),
                Map.of(JAVA_HOME, javaHome));
    }
}
