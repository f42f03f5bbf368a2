package io.github.vecprop.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Splitting a product by rows over threads changes no element's arithmetic, so the parallel result
 * must equal the single-threaded one bit for bit, in every form, with ragged row counts, and while
 * several callers use the pool at once.
 */
class ParallelGemmTest {

  private static float[] product(int form, int m, int n, int k, float[] a, float[] b) {
    float[] c = new float[m * n];
    switch (form) {
      case 0 -> Kernels.gemm(m, n, k, a, b, c);
      case 1 -> Kernels.gemmTransA(m, n, k, a, b, c);
      default -> Kernels.gemmTransB(m, n, k, a, b, c);
    }
    return c;
  }

  /**
   * setThreads cycles end their workers: 20 rounds of setThreads(2), one 512³ GEMM (split over the
   * pool), setThreads(1) must leave no vecprop-gemm thread alive (a worker woken by shutdown used
   * to clear its interrupt and park again, one leaked thread per cycle).
   */
  @Test
  void setThreadsCyclesLeaveNoWorkers() throws Exception {
    Kernels.warmUp(); // the pool serves the Vector API implementation
    int n = 512;
    SplittableRandom r = new SplittableRandom(8);
    float[] a = Reference.random(r, n * n, -1f, 1f);
    float[] b = Reference.random(r, n * n, -1f, 1f);
    float[] c = new float[n * n];
    try {
      for (int cycle = 0; cycle < 20; cycle++) {
        Kernels.setThreads(2);
        Kernels.gemm(n, n, n, a, b, c);
        Kernels.setThreads(1);
      }
    } finally {
      Kernels.setThreads(1);
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    long alive;
    do {
      alive = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("vecprop-gemm-") && t.isAlive()).count();
      if (alive > 0) {
        Thread.sleep(20);
      }
    } while (alive > 0 && System.nanoTime() < deadline);
    assertEquals(0, alive, "vecprop-gemm workers still alive after 20 setThreads cycles");
  }

  @Test
  void parallelEqualsSingleThreaded() throws Exception {
    Kernels.warmUp(); // the pool serves the Vector API implementation
    int[][] shapes = {{1003, 50, 784, 0}, {784, 50, 300, 1}, {301, 784, 50, 2}, {2000, 10, 50, 0},
        {771, 150, 150, 0}}; // at least 2^24 multiply-adds and 256 rows a thread: split
    try {
      for (int[] s : shapes) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        SplittableRandom r = new SplittableRandom(m + n + k);
        float[] a = Reference.random(r, m * k, -1f, 1f);
        float[] b = Reference.random(r, k * n, -1f, 1f);
        Kernels.setThreads(1);
        float[] one = product(s[3], m, n, k, a, b);
        Kernels.setThreads(3);
        assertEquals(3, Kernels.threads());
        float[] many = product(s[3], m, n, k, a, b);
        assertArrayEquals(one, many, "form " + s[3] + " " + m + "x" + n + "x" + k);
        // Two callers at once: one gets the pool, the other runs alone; both must be right.
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
          Future<float[]> f1 = ex.submit(() -> product(s[3], m, n, k, a, b));
          Future<float[]> f2 = ex.submit(() -> product(s[3], m, n, k, a, b));
          assertArrayEquals(one, f1.get(), "concurrent caller 1");
          assertArrayEquals(one, f2.get(), "concurrent caller 2");
        } finally {
          ex.shutdown();
        }
      }
    } finally {
      Kernels.setThreads(1);
    }
  }
}
