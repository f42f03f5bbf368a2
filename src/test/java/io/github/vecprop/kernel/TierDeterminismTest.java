package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * "The same seed gives the same numbers" must hold whether a kernel ran interpreted, in C1 or in
 * C2. The Vector API's EXP, LOG and reduceLanes(ADD) do not (each tier rounds its own way), so
 * the kernels avoid them; this test holds them to it: every output bit of {@link TierProbe} in a
 * child JVM that only interprets ({@code -Xint}) must equal this JVM's, after C2 compiled them.
 */
class TierDeterminismTest {

  @Test
  void interpretedAndCompiledKernelsGiveTheSameBits() throws Exception {
    Twins.panama(); // skips without the Vector API module
    for (int i = 0; i < 3000; i++) { // let C2 compile what the probe runs
      TierProbe.fingerprint();
    }
    String compiled = TierProbe.fingerprint();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xint", "--add-modules=jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), TierProbe.class.getName())
        .redirectErrorStream(true).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the -Xint child did not finish in 120 s");
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String last = out.strip().lines().reduce((x, y) -> y).orElse("");
    assertEquals(0, p.exitValue(), out);
    assertEquals(compiled, last, "interpreted (child, -Xint) vs compiled (this JVM)");
  }
}
