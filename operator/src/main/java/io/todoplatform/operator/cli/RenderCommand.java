package io.todoplatform.operator.cli;

import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.DesiredState;
import io.todoplatform.operator.render.InvalidSpecException;
import io.todoplatform.operator.render.ManifestFiles;
import io.todoplatform.operator.render.ManifestWriter;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.RenderTarget;
import io.todoplatform.operator.render.TodoPlatformReader;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.render.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints what a TodoPlatform renders to, for review and GitOps, without a cluster. */
@Command(name = "render", mixinStandardHelpOptions = true,
    description = {
        "Prints every resource a TodoPlatform renders to, as multi-document YAML in apply order.",
        "An invalid TodoPlatform prints one line per problem on stderr, nothing on stdout, and exits 2."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:rendered", "2:invalid TodoPlatform, unreadable file or bad options"})
public class RenderCommand implements Callable<Integer> {
  static final int INVALID = 2;

  @Spec
  CommandSpec commandSpec;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
      description = "TodoPlatform manifest; - reads standard input.")
  String file;

  @Option(names = "--target", paramLabel = "TARGET", defaultValue = "kubernetes",
      converter = TargetConverter.class,
      description = "kubernetes (default): everything for a cluster; selfhosted: Dapr resources for"
          + " `daprd --resources-path`, secrets from a local JSON file.")
  RenderTarget target;

  @Option(names = "--secrets-file", paramLabel = "PATH",
      description = "selfhosted only: path daprd reads the secrets JSON from (default: "
          + RenderOptions.DEFAULT_SECRETS_FILE + ", relative to daprd's working directory).")
  String secretsFile;

  @Option(names = "--name-resolution-db", paramLabel = "PATH",
      description = "selfhosted only: the SQLite file through which the sidecars of one machine find each other for"
          + " service invocation (default: " + RenderOptions.DEFAULT_NAME_RESOLUTION_DB + ", relative to daprd's"
          + " working directory).")
  String nameResolutionDb;

  @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
      description = "Write files instead of printing: kubernetes, one file per object numbered in apply order;"
          + " selfhosted, DIR/resources/ for `daprd --resources-path`, DIR/config.yaml for the backend's `--config`"
          + " and DIR/<app-id>-config.yaml for chat-api's."
          + " Prints the paths written.")
  Path outputDir;

  @Override
  public Integer call() {
    PrintWriter out = commandSpec.commandLine().getOut();
    PrintWriter err = commandSpec.commandLine().getErr();
    if (secretsFile != null && target != RenderTarget.SELFHOSTED) {
      err.println("--secrets-file: only applies to --target selfhosted");
      return INVALID;
    }
    if (nameResolutionDb != null && target != RenderTarget.SELFHOSTED) {
      err.println("--name-resolution-db: only applies to --target selfhosted");
      return INVALID;
    }
    String text;
    try {
      text = read(file);
    } catch (NoSuchFileException e) {
      err.println(file + ": no such file");
      return INVALID;
    } catch (IOException e) {
      err.println(file + ": cannot read: " + e.getMessage());
      return INVALID;
    }
    DesiredState state;
    try {
      TodoPlatform platform = TodoPlatformReader.read(text);
      RenderOptions options = target == RenderTarget.SELFHOSTED
          ? RenderOptions.selfHosted(secretsFile, nameResolutionDb) : RenderOptions.kubernetes();
      state = TodoPlatformRenderer.render(platform, options);
    } catch (InvalidSpecException e) {
      for (Violation violation : e.violations()) {
        err.println(violation);
      }
      return INVALID;
    }
    if (outputDir != null) {
      try {
        ManifestFiles.write(state, target, outputDir).forEach(out::println);
      } catch (IOException e) {
        err.println(outputDir + ": cannot write: " + e.getMessage());
        return INVALID;
      }
    } else {
      out.print(ManifestWriter.toYaml(state.inApplyOrder()));
    }
    out.flush();
    return 0;
  }

  private String read(String path) throws IOException {
    if ("-".equals(path)) {
      InputStream in = System.in;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return Files.readString(Path.of(path), StandardCharsets.UTF_8);
  }
}
