package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * GEMM allocates nothing per call once warm. This catches C2 failing to scalarize vector objects,
 * which turns every FloatVector into a heap box and the "SIMD" path into the slowest one.
 */
class GemmAllocationTest {

  @Test
  void steadyStateGemmAllocatesNothing() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(bean.isThreadAllocatedMemorySupported());
    bean.setThreadAllocatedMemoryEnabled(true);
    Kernels.warmUp(); // measure the implementation that serves once warm
    SplittableRandom r = new SplittableRandom(1);
    int[][] shapes = {{100, 50, 784}, {784, 50, 100}, {100, 784, 50}, {64, 64, 64}};
    float[][] as = new float[shapes.length][];
    float[][] bs = new float[shapes.length][];
    float[][] cs = new float[shapes.length][];
    for (int s = 0; s < shapes.length; s++) {
      int[] t = shapes[s];
      as[s] = Reference.random(r, t[0] * t[2], -1f, 1f);
      bs[s] = Reference.random(r, t[2] * t[1], -1f, 1f);
      cs[s] = new float[t[0] * t[1]];
    }
    // C2 compiles the kernels some time after they get hot, later when the JIT queue is long
    // (the whole suite runs in one JVM): measure rounds of 400 calls until one allocates nothing,
    // and fail if none does within the budget. A kernel whose vectors C2 cannot scalarize
    // allocates in every round and fails here.
    long id = Thread.currentThread().getId();
    long bytes = -1;
    for (int round = 0; round < 60 && bytes != 0; round++) {
      long before = bean.getThreadAllocatedBytes(id);
      for (int i = 0; i < 400; i++) {
        call(i % 4, shapes, as, bs, cs);
      }
      bytes = bean.getThreadAllocatedBytes(id) - before;
    }
    assertTrue(bytes < 1024, "400 steady-state GEMM calls allocated " + bytes + " bytes on "
        + Kernels.implementation());
  }

  private static void call(int s, int[][] shapes, float[][] as, float[][] bs, float[][] cs) {
    int[] t = shapes[s];
    switch (s) {
      case 1 -> Kernels.gemmTransA(t[0], t[1], t[2], as[s], bs[s], cs[s]);
      case 2 -> Kernels.gemmTransB(t[0], t[1], t[2], as[s], bs[s], cs[s]);
      default -> Kernels.gemm(t[0], t[1], t[2], as[s], bs[s], cs[s]);
    }
  }
}
