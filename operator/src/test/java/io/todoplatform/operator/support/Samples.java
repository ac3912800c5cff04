package io.todoplatform.operator.support;

import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.TodoPlatformReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/** The TodoPlatforms in samples/, read the way `render` reads them. */
public final class Samples {
  /** Every sample TodoPlatform (not the Secret templates beside them). */
  public static final List<String> ALL = List.of("minimal.yaml", "development.yaml", "production.yaml");

  private Samples() {}

  public static TodoPlatform load(String name) {
    try {
      return TodoPlatformReader.read(Files.readString(ProjectPaths.sample(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static TodoPlatform production() {
    return load("production.yaml");
  }

  public static TodoPlatform minimal() {
    return load("minimal.yaml");
  }
}
