package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Warm means warm: once {@link Kernels#warmUp} has returned, the seed's real shapes (its training
 * products, a 10 000-row batch, its element-wise and softmax kernels) need no Vector API kernel
 * method that C2 had not already compiled. A child JVM at this JVM's width prints HotSpot's
 * compilations; a {@code Panama*} method compiled for the first time after the warm-up ran boxed
 * (interpreted or in C1) in the real call: with 8 lanes the edge-column dot products once did,
 * adding 110 ms to a 10 000-row predictBatch on an AVX2 machine.
 */
class WarmUpCoverageTest {

  @Test
  void theSeedsShapesFindEveryKernelCompiledAfterWarmUp() throws Exception {
    KernelSupport panama = Twins.panama();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector",
        "-XX:+PrintCompilation"));
    if (panama.floatLanes() == 8) {
      cmd.add("-XX:MaxVectorSize=32");
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child did not finish");
    assertEquals(0, p.exitValue(), out);
    Set<String> warm = new TreeSet<>(); // compiled by C2 during the warm-up
    Set<String> seen = new TreeSet<>(); // compiled at any level during the warm-up
    Set<String> late = new TreeSet<>();
    boolean after = false;
    for (String line : out.split("\n")) {
      if (line.startsWith("WARM")) {
        after = true;
        continue;
      }
      String[] t = line.trim().split("\\s+");
      for (int i = 1; i < t.length; i++) {
        if (t[i].startsWith("io.github.vecprop.kernel.Panama") && t[i].contains("::")
            && t[i - 1].matches("[0-4]")) {
          boolean c2 = t[i - 1].equals("4");
          if (!after) {
            seen.add(t[i]);
            if (c2) {
              warm.add(t[i]);
            }
          } else if (!warm.contains(t[i]) && !line.contains("made ")
              && (!c2 || !seen.contains(t[i])) && !(c2 && tiny(line))) {
            // First reached in the real call (a C1 compile now), or never run before at all.
            // A C2 compile of a method C1 had compiled during the warm-up is the warm-up's own
            // queue draining, not the real call running boxed.
            late.add(t[i] + " (level " + t[i - 1] + ")");
          }
          break;
        }
      }
    }
    assertTrue(out.contains("DONE"), out);
    assertTrue(warm.size() > 10, "C2 compiled only " + warm + " during the warm-up");
    assertTrue(late.isEmpty(), "compiled only at their first real call after Kernels.warmUp()"
        + " (they ran boxed meanwhile): " + late);
  }

  /**
   * A method of at most 35 bytes of bytecode (HotSpot's MaxInlineSize): C2 inlines it into every
   * compiled caller, so its own C2 compile after the warm-up (PanamaGemmEdges.count, 34 bytes,
   * once in several runs: a caller in C1 code called it often) says nothing of a kernel running
   * boxed.
   */
  static boolean tiny(String line) {
    java.util.regex.Matcher m = BYTES.matcher(line);
    return m.find() && Integer.parseInt(m.group(1)) <= 35;
  }

  /** The bytecode size in a PrintCompilation line, "(34 bytes)". */
  private static final java.util.regex.Pattern BYTES =
      java.util.regex.Pattern.compile("\\((\\d+) bytes\\)");

  /** Warms up, then runs the seed's shapes once. */
  static final class Child {
    public static void main(String[] args) {
      Kernels.setThreads(1);
      Kernels.warmUp();
      System.out.println("WARM");
      float[] x = fill(10_000 * 784);
      float[] w1 = fill(784 * 50);
      float[] h = new float[10_000 * 50];
      float[] w2 = fill(50 * 10);
      float[] o = new float[10_000 * 10];
      float[] g = fill(100 * 50);
      float[] dw = new float[784 * 50];
      Kernels.gemm(10_000, 50, 784, x, 0, w1, 0, h, 0, false); // a 10 000-row batch
      Kernels.gemm(100, 50, 784, x, 0, w1, 0, h, 0, false); // the training step's products
      Kernels.gemmTransA(784, 50, 100, x, 0, g, 0, dw, 0, false);
      Kernels.gemmTransB(100, 50, 10, o, 0, w2, 0, h, 0, false);
      Kernels.addRowVector(100, 50, h, 0, w1, 0);
      Kernels.relu(100 * 50, h, 0, h, 0);
      Kernels.gemm(100, 10, 50, h, 0, w2, 0, o, 0, false);
      LossKernels.softmaxRows(100, 10, o, 0, o, 0);
      System.out.println("DONE");
    }

    private static float[] fill(int n) {
      float[] v = new float[n];
      for (int i = 0; i < n; i++) {
        v[i] = (i % 13) * 0.01f;
      }
      return v;
    }
  }
}
