package io.todoplatform.operator.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The top-level Dockerfile read as its stages and instructions (comments dropped, continuation lines joined), so
 * tests can check it without a container engine.
 */
record Dockerfile(Map<String, Stage> stages) {

  record Instruction(String keyword, String arguments) {}

  record Stage(String name, String from, List<Instruction> instructions) {
    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<Instruction> last(String keyword) {
      List<Instruction> found = all(keyword);
      return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
    }
  }

  static Dockerfile parse(Path file) throws IOException {
    Map<String, Stage> stages = new LinkedHashMap<>();
    List<Instruction> current = null;
    StringBuilder pending = new StringBuilder();
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      String joined = pending.append(line).toString().strip();
      pending.setLength(0);
      String[] parts = joined.split("\\s+", 2);
      Instruction instruction = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : "");
      if (instruction.keyword().equals("FROM")) {
        String[] from = instruction.arguments().split("\\s+");
        if (from.length != 3 || !from[1].equalsIgnoreCase("AS")) {
          throw new IllegalStateException("every stage must be named (FROM image AS name): " + joined);
        }
        current = new ArrayList<>();
        stages.put(from[2], new Stage(from[2], from[0], current));
      } else if (current == null) {
        if (!instruction.keyword().equals("ARG")) {
          throw new IllegalStateException("instruction before the first FROM: " + joined);
        }
      } else {
        current.add(instruction);
      }
    }
    return new Dockerfile(stages);
  }

  Stage stage(String name) {
    Stage stage = stages.get(name);
    if (stage == null) {
      throw new AssertionError("the Dockerfile has no stage named " + name + " (stages: " + stages.keySet() + ")");
    }
    return stage;
  }

  /** The stage and the stages it is built FROM, nearest first. */
  List<Stage> lineage(String name) {
    List<Stage> chain = new ArrayList<>();
    Stage stage = stage(name);
    while (stage != null) {
      chain.add(stage);
      stage = stages.get(stage.from());
    }
    return chain;
  }

  /** The effective value of an instruction that later stages inherit (USER, WORKDIR). */
  Optional<Instruction> inherited(String stage, String keyword) {
    return lineage(stage).stream().map(s -> s.last(keyword)).flatMap(Optional::stream).findFirst();
  }

  /** The image the stage finally rests on (following FROM through other stages). */
  String baseImage(String stage) {
    List<Stage> chain = lineage(stage);
    return chain.get(chain.size() - 1).from();
  }
}
