package io.todoplatform.operator.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.todoplatform.operator.install.Dockerfile.Instruction;
import io.todoplatform.operator.install.Dockerfile.Stage;
import io.todoplatform.operator.support.ProjectPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No container engine runs here, so this checks the Dockerfile against the Maven build instead: each image copies
 * the jar its module really produces, runs as a numeric non-root user on a JRE 17 with container-aware JVM flags,
 * and starts with an exec-form ENTRYPOINT.
 */
class DockerfileTest {
  static final String BUILD_STAGE = "build";
  static Path root;
  static Dockerfile dockerfile;

  @BeforeAll
  static void parse() throws Exception {
    root = ProjectPaths.repoRoot();
    dockerfile = Dockerfile.parse(root.resolve("Dockerfile"));
  }

  /** image target, Maven module whose jar it runs. */
  @ParameterizedTest
  @CsvSource({"operator, operator", "todo-app, todo-app", "chat-api, chat-api"})
  void eachImageCopiesTheJarItsModuleBuilds(String target, String module) throws Exception {
    String jar = module + "/target/" + finalName(module) + ".jar";
    List<String[]> copies = copiesFromBuild(dockerfile.stage(target));
    assertThat(copies).as("COPY --from=%s in stage %s", BUILD_STAGE, target).hasSize(1);
    String workdir = dockerfile.inherited(BUILD_STAGE, "WORKDIR").orElseThrow().arguments();
    assertThat(copies.get(0)[0])
        .as("stage %s must copy the jar `./mvnw package` writes for module %s (finalName in %s/pom.xml)",
            target, module, module)
        .isEqualTo(workdir + "/" + jar);
    assertThat(buildCommand()).as("the build stage must build module %s", module).contains(module);
  }

  @ParameterizedTest
  @CsvSource({"operator, operator", "todo-app, todo-app", "chat-api, chat-api"})
  void entrypointIsExecFormAndRunsTheCopiedJarWithContainerJvmFlags(String target, String module) throws Exception {
    Instruction entrypoint = dockerfile.lineage(target).stream().map(s -> s.last("ENTRYPOINT"))
        .flatMap(java.util.Optional::stream).findFirst().orElseThrow();
    assertThat(entrypoint.arguments()).as("exec form: a JSON array, so java is PID 1 and receives SIGTERM")
        .startsWith("[");
    List<String> argv = Arrays.asList(new ObjectMapper().readValue(entrypoint.arguments(), String[].class));
    String copiedTo = copiesFromBuild(dockerfile.stage(target)).get(0)[1];
    assertThat(argv.get(0)).isEqualTo("java");
    assertThat(argv).containsSubsequence("-jar", copiedTo);
    assertThat(argv.get(argv.size() - 1)).isEqualTo(copiedTo);
    assertThat(argv).anyMatch(a -> a.startsWith("-XX:MaxRAMPercentage="))
        .contains("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp");
    assertThat(copiedTo).endsWith("/" + finalName(module) + ".jar");
  }

  @Test
  void operatorImageRunsTheRunCommandByDefault() {
    assertThat(dockerfile.stage("operator").last("CMD").orElseThrow().arguments()).isEqualTo("[\"run\"]");
  }

  @ParameterizedTest
  @CsvSource({"operator", "todo-app", "chat-api"})
  void runtimeIsAJre17AsANumericNonRootUser(String target) {
    assertThat(dockerfile.baseImage(target)).isEqualTo("eclipse-temurin:17-jre");
    String user = dockerfile.inherited(target, "USER").orElseThrow(
        () -> new AssertionError("stage " + target + " runs as root: it needs a USER")).arguments();
    Matcher numeric = Pattern.compile("(\\d+)(?::(\\d+))?").matcher(user);
    assertThat(numeric.matches())
        .as("USER %s must be numeric, so the kubelet can verify runAsNonRoot without a passwd entry", user).isTrue();
    assertThat(Integer.parseInt(numeric.group(1))).as("uid").isPositive();
    if (numeric.group(2) != null) {
      assertThat(Integer.parseInt(numeric.group(2))).as("gid").isPositive();
    }
  }

  @Test
  void buildStageUsesTheMavenWrapperWithoutTests() {
    assertThat(dockerfile.baseImage(BUILD_STAGE)).startsWith("eclipse-temurin:17-jdk");
    assertThat(buildCommand()).contains("./mvnw").contains(" package").contains("-DskipTests");
  }

  /** Maven reads every module the parent pom lists, even with -pl: each of their poms must be in the stage. */
  @Test
  void buildStageCopiesEveryReactorPomAndOnlyPathsThatExist() throws Exception {
    List<String> sources = new ArrayList<>();
    for (Instruction copy : dockerfile.stage(BUILD_STAGE).all("COPY")) {
      List<String> args = new ArrayList<>(Arrays.asList(copy.arguments().split("\\s+")));
      args.removeIf(a -> a.startsWith("--"));
      sources.addAll(args.subList(0, args.size() - 1));
    }
    for (String source : sources) {
      assertThat(root.resolve(source)).as("COPY source %s", source).exists();
      assertThat(ignoredByDockerignore(source)).as("%s is excluded by .dockerignore", source).isFalse();
    }
    Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
    while (modules.find()) {
      assertThat(sources).contains(modules.group(1) + "/pom.xml");
    }
    assertThat(sources).contains("mvnw", ".mvn/", "pom.xml");
  }

  private static String buildCommand() {
    return dockerfile.stage(BUILD_STAGE).all("RUN").stream().map(Instruction::arguments)
        .filter(r -> r.contains("mvnw")).findFirst()
        .orElseThrow(() -> new AssertionError("the build stage has no RUN ./mvnw"));
  }

  /** [source, destination] of each COPY --from=build. */
  private static List<String[]> copiesFromBuild(Stage stage) {
    List<String[]> copies = new ArrayList<>();
    for (Instruction copy : stage.all("COPY")) {
      List<String> args = Arrays.asList(copy.arguments().split("\\s+"));
      if (args.contains("--from=" + BUILD_STAGE)) {
        List<String> paths = args.stream().filter(a -> !a.startsWith("--")).toList();
        assertThat(paths).as("one source and one destination: %s", copy.arguments()).hasSize(2);
        copies.add(paths.toArray(String[]::new));
      }
    }
    return copies;
  }

  private static String finalName(String module) throws Exception {
    String pom = Files.readString(root.resolve(module).resolve("pom.xml"));
    Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
    assertThat(finalName.find()).as("%s/pom.xml sets <finalName>", module).isTrue();
    return finalName.group(1);
  }

  /** The patterns of .dockerignore used here are plain paths and a leading double-star directory. */
  private static boolean ignoredByDockerignore(String source) throws Exception {
    String path = source.endsWith("/") ? source.substring(0, source.length() - 1) : source;
    for (String line : Files.readAllLines(root.resolve(".dockerignore"))) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      String name = pattern.startsWith("**/") ? pattern.substring(3) : null;
      boolean matches = name != null
          ? Arrays.asList(path.split("/")).contains(name)
          : path.equals(pattern) || path.startsWith(pattern + "/");
      if (matches) {
        return true;
      }
    }
    return false;
  }
}
