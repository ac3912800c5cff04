package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Ports and adapters hold: the domain imports nothing of the app but the JSON support (its ports are its own
 * interfaces),
 * and no two packages depend on each other, directly or in a longer cycle. Read from the sources (imports and
 * fully qualified names).
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/todoplatform/app");
  private static final Pattern REFERENCE = Pattern.compile("io\\.todoplatform\\.app\\.([a-z]+)\\.[A-Z]");

  private static Map<String, Set<String>> dependencies() throws IOException {
    Map<String, Set<String>> deps = new TreeMap<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Path relative = SOURCES.relativize(file);
        String pkg = relative.getNameCount() == 1 ? "(root)" : relative.getName(0).toString();
        Matcher m = REFERENCE.matcher(Files.readString(file));
        Set<String> to = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
        while (m.find()) {
          if (!m.group(1).equals(pkg)) {
            to.add(m.group(1));
          }
        }
      }
    }
    return deps;
  }

  @Test
  void theDomainDependsOnNothingElseOfTheAppButItsJsonSupport() throws IOException {
    assertThat(dependencies().get("domain")).isSubsetOf("support");
  }

  @Test
  void thereIsNoCycleBetweenPackages() throws IOException {
    Map<String, Set<String>> deps = dependencies();
    List<String> cycles = new ArrayList<>();
    for (String start : deps.keySet()) {
      findCycle(start, start, deps, new ArrayList<>(List.of(start)), new HashSet<>(), cycles);
    }
    assertThat(cycles).as("package cycles").isEmpty();
  }

  private static void findCycle(String start, String at, Map<String, Set<String>> deps, List<String> path,
      Set<String> visited, List<String> cycles) {
    for (String next : deps.getOrDefault(at, Set.of())) {
      if (next.equals(start)) {
        cycles.add(String.join(" -> ", path) + " -> " + start);
      } else if (visited.add(next)) {
        path.add(next);
        findCycle(start, next, deps, path, visited, cycles);
        path.remove(path.size() - 1);
      }
    }
  }
}
