package io.github.vecprop.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "One arithmetic": 600 training iterations with one seed give byte-identical model files on the
 * Vector API at 512 bits (switched in by the warm-up mid-run, and from the first call), at 256
 * bits ({@code -XX:MaxVectorSize=32}) and on the plain-Java kernels. Each path runs in its own
 * child JVM ({@link PathProbe}), which also reports the kernels it used, so no path passes by
 * silently falling back to another.
 */
class PathDeterminismTest {

  @TempDir Path dir;

  private record Run(String name, List<String> flags, String kernels, int lanes) {}

  @Test
  void sixHundredIterationsGiveTheSameModelFileOnEveryPath() throws Exception {
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
        "the test JVM runs without the Vector API module");
    String vec = "--add-modules=jdk.incubator.vector";
    List<Run> runs = List.of(
        new Run("vector-auto", List.of(vec), "panama", 0),
        new Run("vector-first-call-512", List.of(vec, "-Dvecprop.warmup=off"), "panama", 0),
        new Run("vector-first-call-256",
            List.of(vec, "-XX:MaxVectorSize=32", "-Dvecprop.warmup=off"), "panama", 8),
        new Run("plain-java", List.of("-Dvecprop.simd=off"), "scalar", 1));
    byte[] first = null;
    String firstName = null;
    for (Run r : runs) {
      Path out = dir.resolve(r.name() + ".vpm");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g"));
      cmd.addAll(r.flags());
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PathProbe.class.getName(),
          out.toString(), "600"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(300, TimeUnit.SECONDS), r.name() + " did not finish");
      assertEquals(0, p.exitValue(), r.name() + ": " + log);
      String line = log.lines().filter(l -> l.startsWith("kernels ")).findFirst().orElse(log);
      assertTrue(line.startsWith("kernels " + r.kernels() + " "), r.name() + ": " + line);
      if (r.lanes() > 0) {
        assertTrue(line.contains(" lanes " + r.lanes() + " "), r.name() + ": " + line);
      }
      byte[] bytes = Files.readAllBytes(out);
      if (first == null) {
        first = bytes;
        firstName = r.name();
      } else {
        assertArrayEquals(first, bytes, r.name() + " vs " + firstName + " (" + line + ")");
      }
    }
  }
}
