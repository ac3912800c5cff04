package io.todoplatform.operator.render;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.todoplatform.operator.Constants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a render as files. For a cluster: one file per object, numbered in apply order (for a GitOps repository).
 * Self-hosted: what daprd reads, laid out for its two flags: {@code --resources-path DIR/resources} (Components,
 * Resiliency; each daprd loads those scoped to its app-id) and {@code --config}, a file per app: the backend's
 * {@code DIR/config.yaml}, chat-api's {@code DIR/<its Configuration's name>.yaml}.
 */
public final class ManifestFiles {
  public static final String RESOURCES_DIR = "resources";
  public static final String CONFIG_FILE = "config.yaml";

  private ManifestFiles() {}

  /** @return the files written, in apply order */
  public static List<Path> write(DesiredState state, RenderTarget target, Path dir) throws IOException {
    List<Path> written = new ArrayList<>();
    List<HasMetadata> objects = state.inApplyOrder();
    for (int i = 0; i < objects.size(); i++) {
      HasMetadata object = objects.get(i);
      Path file = target == RenderTarget.KUBERNETES
          ? dir.resolve(String.format(Locale.ROOT, "%02d-%s.yaml", i, baseName(object)))
          : selfHostedFile(dir, object, state);
      Files.createDirectories(file.getParent());
      Files.writeString(file, ManifestWriter.toYaml(List.of(object)));
      written.add(file);
    }
    return written;
  }

  private static Path selfHostedFile(Path dir, HasMetadata object, DesiredState state) {
    if (Constants.KIND_CONFIGURATION.equals(object.getKind())) {
      return object == state.configuration() ? dir.resolve(CONFIG_FILE)
          : dir.resolve(object.getMetadata().getName() + ".yaml");
    }
    return dir.resolve(RESOURCES_DIR).resolve(baseName(object) + ".yaml");
  }

  private static String baseName(HasMetadata object) {
    return object.getKind().toLowerCase(Locale.ROOT) + "-" + object.getMetadata().getName();
  }
}
