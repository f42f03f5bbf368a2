package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * GEMM's two register tiles (8 × 3 vectors for 32 vector registers, two 4 × 3 halves for 16;
 * {@link VectorConstants#SPLIT_TILES}) give the twin's bits. This JVM's suite covers the tile
 * its CPU gets; a child JVM at the same vector width runs the GEMM differential tests with the
 * other one ({@code -Dvecprop.vectorRegisters}), so every machine checks both.
 */
class GemmTileChoiceTest {

  @Test
  void theOtherRegisterTileGivesTheTwinsBitsToo() throws Exception {
    KernelSupport panama = Twins.panama();
    boolean split = VectorConstants.SPLIT_TILES;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
        "-Dvecprop.vectorRegisters=" + (split ? 32 : 16)));
    if (panama.floatLanes() == 8) {
      cmd.add("-XX:MaxVectorSize=32"); // the width of this JVM (a no-op where 256 is the most)
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child did not finish");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("lanes " + panama.floatLanes() + ", split " + !split + ": same bits"),
        out);
  }

  /** The GEMM differential tests in a JVM whose tile was chosen by the flag. */
  static final class Child {
    public static void main(String[] args) {
      GemmDifferentialTest t = new GemmDifferentialTest();
      t.panamaMatchesScalarOnEveryForm();
      t.offsetsAndBatchesChangeNoBit();
      System.out.println("lanes " + VectorConstants.LANES + ", split "
          + VectorConstants.SPLIT_TILES + ": same bits");
    }
  }
}
