package io.github.vecprop.bench;

import io.github.vecprop.kernel.Kernels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The three GEMM forms backprop needs, through the public {@link Kernels} facade.
 *
 * <p>Shapes are written {@code m x n x k} (C is m×n, the reduction is k long), so the work is
 * 2·m·n·k flops; {@link Suite} turns the time per op into GFLOP/s. The seed's network (batch 100,
 * 784→50→10) gives:
 *
 * <ul>
 *   <li>{@code gemm 100x50x784}: the first layer's forward x·W1 (100×784 · 784×50);
 *   <li>{@code gemm 100x10x50}: the second layer's forward h·W2 (100×50 · 50×10);
 *   <li>{@code gemmTransA 784x50x100}: dW1 = xᵀ·dout, x stored 100×784;
 *   <li>{@code gemmTransB 100x784x50}: dx = dout·W1ᵀ, W1 stored 784×50;
 * </ul>
 *
 * and squares 128…2048 show how the kernel scales once the operands leave L1 and L2.
 *
 * <p>The SIMD and scalar numbers come from the same methods in differently started JVMs: see
 * {@link Suite}. Each state holds its own operands and output, so no benchmark writes what another
 * reads, and C is overwritten (not accumulated) on every call, so it never drifts.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class GemmBench {

  /** C = A·B: A m×k, B k×n. */
  @State(Scope.Thread)
  public static class Forward {
    @Param({"100x50x784", "100x10x50", "128x128x128", "256x256x256", "512x512x512",
        "1024x1024x1024", "2048x2048x2048"})
    public String gemmShape;

    int m;
    int n;
    int k;
    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setup() {
      int[] d = Inputs.dims(gemmShape, 3);
      m = d[0];
      n = d[1];
      k = d[2];
      SplittableRandom r = Inputs.random("gemm" + gemmShape);
      a = Inputs.uniform(r, m * k, -1f, 1f);
      b = Inputs.uniform(r, k * n, -1f, 1f);
      c = new float[m * n];
      Inputs.announce();
      Kernels.gemm(m, n, k, a, b, c);
      checkSamples("gemm " + gemmShape, m, n, k, c, (i, l) -> a[i * k + l],
          (l, j) -> b[l * n + j]);
    }
  }

  /** C = Aᵀ·B with A stored k×m (dW = xᵀ·dout). */
  @State(Scope.Thread)
  public static class TransA {
    @Param({"784x50x100"})
    public String transAShape;

    int m;
    int n;
    int k;
    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setup() {
      int[] d = Inputs.dims(transAShape, 3);
      m = d[0];
      n = d[1];
      k = d[2];
      SplittableRandom r = Inputs.random("gemmTransA" + transAShape);
      a = Inputs.uniform(r, k * m, -1f, 1f);
      b = Inputs.uniform(r, k * n, -1f, 1f);
      c = new float[m * n];
      Inputs.announce();
      Kernels.gemmTransA(m, n, k, a, b, c);
      checkSamples("gemmTransA " + transAShape, m, n, k, c, (i, l) -> a[l * m + i],
          (l, j) -> b[l * n + j]);
    }
  }

  /** C = A·Bᵀ with B stored n×k (dx = dout·Wᵀ). */
  @State(Scope.Thread)
  public static class TransB {
    @Param({"100x784x50"})
    public String transBShape;

    int m;
    int n;
    int k;
    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setup() {
      int[] d = Inputs.dims(transBShape, 3);
      m = d[0];
      n = d[1];
      k = d[2];
      SplittableRandom r = Inputs.random("gemmTransB" + transBShape);
      a = Inputs.uniform(r, m * k, -1f, 1f);
      b = Inputs.uniform(r, n * k, -1f, 1f);
      c = new float[m * n];
      Inputs.announce();
      Kernels.gemmTransB(m, n, k, a, b, c);
      checkSamples("gemmTransB " + transBShape, m, n, k, c, (i, l) -> a[i * k + l],
          (l, j) -> b[j * k + l]);
    }
  }

  /**
   * C = A·B split by rows over {@code threads} threads ({@code Kernels.setThreads}): the products
   * that are large enough to be split, 1024³ and one evaluation pass over the 60 000 training
   * images (60 000×784 · 784×50). Compare threads=2 with threads=1 for the speed-up.
   */
  @State(Scope.Thread)
  public static class Parallel {
    @Param({"1024x1024x1024", "60000x50x784"})
    public String parallelShape;

    @Param({"1", "2"})
    public int threads;

    int m;
    int n;
    int k;
    float[] a;
    float[] b;
    float[] c;

    @Setup(Level.Trial)
    public void setup() {
      int[] d = Inputs.dims(parallelShape, 3);
      m = d[0];
      n = d[1];
      k = d[2];
      SplittableRandom r = Inputs.random("parallel" + parallelShape);
      a = Inputs.uniform(r, m * k, -1f, 1f);
      b = Inputs.uniform(r, k * n, -1f, 1f);
      c = new float[m * n];
      Inputs.announce();
      Kernels.setThreads(threads);
      Kernels.gemm(m, n, k, a, b, c);
      checkSamples("parallel gemm " + parallelShape, m, n, k, c, (i, l) -> a[i * k + l],
          (l, j) -> b[l * n + j]);
    }

    @org.openjdk.jmh.annotations.TearDown(Level.Trial)
    public void tearDown() {
      Kernels.setThreads(1);
    }
  }

  @Benchmark
  public float[] gemmThreads(Parallel s) {
    Kernels.gemm(s.m, s.n, s.k, s.a, s.b, s.c);
    return s.c;
  }

  @Benchmark
  public float[] gemm(Forward s) {
    Kernels.gemm(s.m, s.n, s.k, s.a, s.b, s.c);
    return s.c;
  }

  @Benchmark
  public float[] gemmTransA(TransA s) {
    Kernels.gemmTransA(s.m, s.n, s.k, s.a, s.b, s.c);
    return s.c;
  }

  @Benchmark
  public float[] gemmTransB(TransB s) {
    Kernels.gemmTransB(s.m, s.n, s.k, s.a, s.b, s.c);
    return s.c;
  }

  /** One element of a logical operand (A[i, l] or B[l, j]) whatever its storage order. */
  interface Operand {
    float at(int row, int col);
  }

  /**
   * Compares the corners, the centre and a seeded scatter of C against a double-precision dot
   * product, so a wrong tile edge, transpose or offset fails the trial before it is measured.
   */
  static void checkSamples(String what, int m, int n, int k, float[] c, Operand a,
      Operand b) {
    SplittableRandom r = Inputs.random("check" + what);
    int samples = 24;
    for (int s = 0; s < samples; s++) {
      int i;
      int j;
      switch (s) {
        case 0: i = 0; j = 0; break;
        case 1: i = 0; j = n - 1; break;
        case 2: i = m - 1; j = 0; break;
        case 3: i = m - 1; j = n - 1; break;
        case 4: i = m / 2; j = n / 2; break;
        default: i = r.nextInt(m); j = r.nextInt(n); break;
      }
      double want = 0;
      double absSum = 0;
      for (int l = 0; l < k; l++) {
        double p = (double) a.at(i, l) * b.at(l, j);
        want += p;
        absSum += Math.abs(p);
      }
      float got = c[i * n + j];
      Inputs.check(Inputs.closeReduction(got, want, k, absSum),
          what + ": C[" + i + "," + j + "] = " + got + " but the double reference is " + want);
    }
  }
}
