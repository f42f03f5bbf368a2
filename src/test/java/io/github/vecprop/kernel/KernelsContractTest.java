package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The facade's checks: shapes, offsets, nulls and aliasing fail with the operand named. */
class KernelsContractTest {

  private static void rejects(String operand, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(operand + ":"),
        "message should name " + operand + ": " + e.getMessage());
  }

  @Test
  void gemmShapeMismatchNamesTheOperand() {
    float[] a = new float[6];
    float[] b = new float[12];
    float[] c = new float[8];
    Kernels.gemm(2, 4, 3, a, b, c); // fits exactly
    rejects("A", () -> Kernels.gemm(2, 4, 4, a, b, new float[8]));
    rejects("B", () -> Kernels.gemm(2, 5, 3, a, b, new float[10]));
    rejects("C", () -> Kernels.gemm(2, 4, 3, a, b, new float[7]));
    rejects("A", () -> Kernels.gemm(2, 4, 3, a, 1, b, 0, c, 0, false));
    rejects("A", () -> Kernels.gemmTransA(2, 4, 3, null, b, c));
    rejects("B", () -> Kernels.gemmTransB(2, 4, 3, a, new float[11], c));
    rejects("shape", () -> Kernels.gemm(-1, 4, 3, a, b, c));
  }

  @Test
  void gemmOutputAliasingAnInputIsRejected() {
    float[] x = new float[16];
    float[] y = new float[16];
    rejects("C", () -> Kernels.gemm(4, 4, 4, x, y, x));
    rejects("C", () -> Kernels.gemmTransA(4, 4, 4, x, y, y));
    rejects("C", () -> Kernels.gemmTransB(4, 4, 4, y, x, y));
    rejects("out", () -> Kernels.columnSums(4, 4, x, 0, x, 12));
    rejects("dx", () -> LossKernels.softmaxLossBackwardOneHot(2, 8, x, 0, y, 0, y, 0));
    rejects("p", () -> UpdateKernels.momentumUpdate(4, 0.1f, 0.9f, x, 0, y, 0, x, 0));
    rejects("v", () -> UpdateKernels.adamUpdate(4, 0.1f, 0.9f, 0.99f, 1e-7f, x, 0, y, 0, y, 4,
        new float[4], 0));
    rejects("y", () -> LossKernels.softmaxRows(2, 4, x, 0, x, 1));
  }

  @Test
  void sgdUpdateNamesItsOwnOperands() {
    float[] g = new float[10];
    float[] p = new float[10];
    rejects("g", () -> UpdateKernels.sgdUpdate(10, 0.1f, null, 0, p, 0));
    rejects("p", () -> UpdateKernels.sgdUpdate(10, 0.1f, g, 0, new float[9], 0));
    rejects("p", () -> UpdateKernels.sgdUpdate(10, 0.1f, g, 0, g, 0));
    g[3] = 2f;
    UpdateKernels.sgdUpdate(10, 0.5f, g, 0, p, 0);
    assertEquals(-1f, p[3]);
    assertEquals(0f, p[2]);
  }

  @Test
  void elementwiseChecks() {
    float[] x = new float[10];
    rejects("y", () -> Kernels.relu(10, x, 0, new float[9], 0));
    rejects("dout", () -> Kernels.reluBackward(10, x, 0, new float[5], 0, x, 0));
    rejects("n", () -> ActivationKernels.sigmoid(-1, x, 0, x, 0));
    rejects("labels[1]", () -> LossKernels.crossEntropy(2, 5, x, 0, new int[] {0, 5}, 0));
    rejects("labels", () -> LossKernels.softmaxLossBackward(3, 3, x, 0, new int[] {0, 1}, 0, x, 0));
    rejects("bias", () -> Kernels.addRowVector(2, 5, x, 0, new float[4], 0));
    rejects("src", () -> Kernels.unsignedBytesToUnit(4, new byte[3], 0, x, 0));
    // In place is allowed where documented.
    x[0] = -1f;
    x[1] = 2f;
    Kernels.relu(10, x, 0, x, 0);
    assertEquals(0f, x[0]);
    assertEquals(2f, x[1]);
  }

  @Test
  void providerHonoursTheProperty() {
    assertFalse(KernelProvider.choose("off", "auto").vector());
    assertThrows(IllegalArgumentException.class, () -> KernelProvider.choose("fast", "auto"));
    IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
        () -> KernelProvider.choose("auto", "later"));
    assertTrue(w.getMessage().contains("-Dvecprop.warmup must be auto or off"), w.getMessage());
    if (ModuleLayer.boot().findModule(KernelProvider.MODULE).isPresent()) {
      KernelProvider.Choice on = KernelProvider.choose("on", "auto");
      assertEquals("panama", on.panama().name(), "on loads the Vector implementation at once");
      assertTrue(on.warmUp());
      KernelProvider.Choice auto = KernelProvider.choose("auto", "auto");
      assertTrue(auto.vector() && auto.warmUp());
      assertEquals(null, auto.panama(), "auto leaves the loading to the warm-up thread");
      assertEquals("panama", KernelProvider.choose("auto", "off").panama().name());
      assertFalse(KernelProvider.choose("auto", "off").warmUp());
    } else {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> KernelProvider.choose("on", "auto"));
      assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }
  }

  /**
   * CI runs the suite with -Dvecprop.requireSimd=true: a silent fallback to the twin then fails
   * here instead of passing as SIMD.
   */
  @Test
  void simdIsInUseWhenTheBuildAsksForIt() {
    if (Boolean.getBoolean("vecprop.requireSimd")) {
      assertEquals("panama", Kernels.implementation(),
          "the build asked for the Vector API path but got: " + Kernels.selectionReason());
      assertTrue(Kernels.floatLanes() >= 8, "lanes " + Kernels.floatLanes());
    } else {
      assertTrue(Kernels.implementation().equals("panama") || Kernels.implementation().equals("scalar"));
    }
  }

  /**
   * CI's second pass runs the kernel suite with -XX:MaxVectorSize=32 and -Dvecprop.expectLanes=8:
   * the differential tests must then really have compared the 256-bit code.
   */
  @Test
  void theVectorWidthIsTheOneTheBuildAskedFor() {
    String want = System.getProperty("vecprop.expectLanes", "");
    if (!want.isEmpty()) {
      assertEquals(Integer.parseInt(want), VectorConstants.LANES, "Vector API lanes");
      assertEquals(Integer.parseInt(want), Kernels.floatLanes(), "lanes the facade reports");
    }
  }
}
