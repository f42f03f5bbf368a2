package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#warmUp} is documented to be safe beside other callers and to change no result:
 * a product computed over and over on this thread while it runs on another must stay the same
 * bit for bit (GEMM uses exact FMAs, so the JIT tier cannot change it), and must match a double
 * reference.
 */
class KernelWarmupTest {

  @Test
  void warmUpBesideAnotherCallerChangesNoResult() throws Exception {
    int m = 37;
    int n = 50;
    int k = 300;
    SplittableRandom r = new SplittableRandom(5);
    float[] a = Reference.random(r, m * k, -1f, 1f);
    float[] b = Reference.random(r, k * n, -1f, 1f);
    float[] first = new float[m * n];
    Kernels.gemm(m, n, k, a, b, first);
    double[] want = Reference.gemm(0, m, n, k, a, b)[0];
    for (int i = 0; i < m * n; i++) {
      assertEquals(want[i], first[i], 1e-4, "C[" + i / n + "," + i % n + "]");
    }
    int threadsBefore = Kernels.threads();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Double> warm = pool.submit(Kernels::warmUp);
      float[] c = new float[m * n];
      int rounds = 0;
      while (!warm.isDone() || rounds < 3) {
        Kernels.gemm(m, n, k, a, b, c);
        assertArrayEquals(first, c, "round " + rounds + " while warming up");
        rounds++;
      }
      double seconds = warm.get();
      assertTrue(seconds > 0 && Double.isFinite(seconds), "took " + seconds + " s");
    } finally {
      pool.shutdownNow();
    }
    assertEquals(threadsBefore, Kernels.threads(), "warm-up leaves the thread setting alone");
  }
}
