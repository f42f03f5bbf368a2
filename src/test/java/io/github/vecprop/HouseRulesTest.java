package io.github.vecprop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of the house, checked on the sources: only the kernel package may touch the
 * incubator Vector API (everything else must run where the module is absent), and no source file
 * grows past about 500 lines.
 */
class HouseRulesTest {

  private static final Path MAIN = Path.of("src", "main", "java");

  private static List<Path> sources() throws IOException {
    assertTrue(Files.isDirectory(MAIN), "run from the project root: no " + MAIN.toAbsolutePath());
    try (Stream<Path> s = Files.walk(MAIN)) {
      return s.filter(p -> p.toString().endsWith(".java")).toList();
    }
  }

  @Test
  void onlyTheKernelPackageImportsTheVectorApi() throws IOException {
    List<String> leaks = new ArrayList<>();
    int kernelUsers = 0;
    for (Path p : sources()) {
      boolean usesVector = Files.readAllLines(p).stream()
          .anyMatch(l -> l.trim().startsWith("import") && l.contains("jdk.incubator.vector"));
      boolean inKernel = p.getParent().endsWith(Path.of("io", "github", "vecprop", "kernel"));
      if (usesVector && !inKernel) {
        leaks.add(p.toString());
      }
      if (usesVector && inKernel) {
        kernelUsers++;
      }
    }
    assertTrue(leaks.isEmpty(), "jdk.incubator.vector imported outside kernel/: " + leaks);
    assertTrue(kernelUsers > 0, "the check found no Vector API import at all: is it looking?");
  }

  @Test
  void noSourceFileExceedsAbout500Lines() throws IOException {
    List<String> long_ = new ArrayList<>();
    for (Path p : sources()) {
      long lines = Files.readAllLines(p).size();
      if (lines > 500) {
        long_.add(p + " (" + lines + " lines)");
      }
    }
    assertTrue(long_.isEmpty(), "split these by responsibility: " + long_);
  }
}
