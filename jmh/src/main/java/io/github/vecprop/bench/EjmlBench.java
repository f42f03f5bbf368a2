package io.github.vecprop.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
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
 * The same three GEMM forms and shapes as {@link GemmBench}, on EJML 0.46.1's single-threaded
 * float row-major operations ({@code CommonOps_FDRM.mult, multTransA, multTransB}): the pure-Java
 * baseline vecprop is compared with. Inputs from the same seeds; results checked in @Setup
 * against a double-precision dot product, as for vecprop.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class EjmlBench {

  static FMatrixRMaj matrix(int rows, int cols, float[] data) {
    FMatrixRMaj m = new FMatrixRMaj(rows, cols);
    System.arraycopy(data, 0, m.data, 0, data.length);
    return m;
  }

  /** C = A·B: A m×k, B k×n. */
  @State(Scope.Thread)
  public static class Forward {
    @Param({"100x50x784", "100x10x50", "128x128x128", "256x256x256", "512x512x512",
        "1024x1024x1024", "2048x2048x2048"})
    public String ejmlShape;

    FMatrixRMaj a;
    FMatrixRMaj b;
    FMatrixRMaj c;

    @Setup(Level.Trial)
    public void setup() {
      int[] d = Inputs.dims(ejmlShape, 3);
      int m = d[0];
      int n = d[1];
      int k = d[2];
      SplittableRandom r = Inputs.random("gemm" + ejmlShape);
      float[] av = Inputs.uniform(r, m * k, -1f, 1f);
      float[] bv = Inputs.uniform(r, k * n, -1f, 1f);
      a = matrix(m, k, av);
      b = matrix(k, n, bv);
      c = new FMatrixRMaj(m, n);
      CommonOps_FDRM.mult(a, b, c);
      GemmBench.checkSamples("ejml mult " + ejmlShape, m, n, k, c.data, (i, l) -> av[i * k + l],
          (l, j) -> bv[l * n + j]);
    }
  }

  /** C = Aᵀ·B with A stored k×m (dW = xᵀ·dout). */
  @State(Scope.Thread)
  public static class TransA {
    @Param({"784x50x100"})
    public String transAShape;

    FMatrixRMaj a;
    FMatrixRMaj b;
    FMatrixRMaj c;

    @Setup(Level.Trial)
    public void setup() {
      int[] d = Inputs.dims(transAShape, 3);
      int m = d[0];
      int n = d[1];
      int k = d[2];
      SplittableRandom r = Inputs.random("gemmTransA" + transAShape);
      float[] av = Inputs.uniform(r, k * m, -1f, 1f);
      float[] bv = Inputs.uniform(r, k * n, -1f, 1f);
      a = matrix(k, m, av);
      b = matrix(k, n, bv);
      c = new FMatrixRMaj(m, n);
      CommonOps_FDRM.multTransA(a, b, c);
      GemmBench.checkSamples("ejml multTransA " + transAShape, m, n, k, c.data,
          (i, l) -> av[l * m + i], (l, j) -> bv[l * n + j]);
    }
  }

  /** C = A·Bᵀ with B stored n×k (dx = dout·Wᵀ). */
  @State(Scope.Thread)
  public static class TransB {
    @Param({"100x784x50"})
    public String transBShape;

    FMatrixRMaj a;
    FMatrixRMaj b;
    FMatrixRMaj c;

    @Setup(Level.Trial)
    public void setup() {
      int[] d = Inputs.dims(transBShape, 3);
      int m = d[0];
      int n = d[1];
      int k = d[2];
      SplittableRandom r = Inputs.random("gemmTransB" + transBShape);
      float[] av = Inputs.uniform(r, m * k, -1f, 1f);
      float[] bv = Inputs.uniform(r, n * k, -1f, 1f);
      a = matrix(m, k, av);
      b = matrix(n, k, bv);
      c = new FMatrixRMaj(m, n);
      CommonOps_FDRM.multTransB(a, b, c);
      GemmBench.checkSamples("ejml multTransB " + transBShape, m, n, k, c.data,
          (i, l) -> av[i * k + l], (l, j) -> bv[j * k + l]);
    }
  }

  @Benchmark
  public FMatrixRMaj gemm(Forward s) {
    CommonOps_FDRM.mult(s.a, s.b, s.c);
    return s.c;
  }

  @Benchmark
  public FMatrixRMaj gemmTransA(TransA s) {
    CommonOps_FDRM.multTransA(s.a, s.b, s.c);
    return s.c;
  }

  @Benchmark
  public FMatrixRMaj gemmTransB(TransB s) {
    CommonOps_FDRM.multTransB(s.a, s.b, s.c);
    return s.c;
  }
}
