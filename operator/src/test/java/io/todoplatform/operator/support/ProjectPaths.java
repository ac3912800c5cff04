package io.todoplatform.operator.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and the shared Dapr reference data are, wherever Maven runs the tests from. */
public final class ProjectPaths {
  private ProjectPaths() {}

  public static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("operator"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find the repository root (a folder with mvnw and operator/) above "
        + Path.of("").toAbsolutePath());
  }

  /** ../shared beside the clone (or -Dtodo.shared.dir): the verbatim Dapr CRDs and component metadata. */
  public static Path shared() {
    String override = System.getProperty("todo.shared.dir");
    Path shared = override != null ? Path.of(override) : repoRoot().resolve("../shared").normalize();
    if (!Files.exists(shared.resolve("dapr/FACTS.md"))) {
      throw new IllegalStateException("the shared Dapr reference data is missing: expected " + shared
          + "/dapr/FACTS.md (clone the repository beside shared/, or pass -Dtodo.shared.dir=PATH)");
    }
    return shared;
  }

  public static Path sample(String name) {
    return repoRoot().resolve("samples").resolve(name);
  }
}
