package io.github.vecprop.kernel;

import java.util.SplittableRandom;

/**
 * Runs the kernels whose rounding could depend on the JIT tier (GEMM with edge columns, softmax,
 * sigmoid, sums) on seeded inputs and returns a fingerprint of every output bit. Its main prints
 * that fingerprint, for {@link TierDeterminismTest} to run it in a child JVM with {@code -Xint}.
 */
final class TierProbe {
  private TierProbe() {}

  /** Fingerprint of the Vector API twin, called directly (so -Xint cannot make it pick the other). */
  static String fingerprint() {
    KernelSupport k0 = new PanamaKernelSupport();
    SplittableRandom r = new SplittableRandom(2024);
    StringBuilder sb = new StringBuilder();
    int[][] shapes = {{20, 50, 40}, {9, 35, 33}, {70, 19, 17}, {8, 64, 20}};
    for (int[] t : shapes) {
      int m = t[0];
      int n = t[1];
      int k = t[2];
      float[] a = Reference.random(r, m * k, -1f, 1f);
      float[] b = Reference.random(r, k * n, -1f, 1f);
      float[] c = new float[m * n];
      k0.gemm(m, n, k, a, 0, b, 0, c, 0, false);
      sb.append(hash(c)).append(' ');
      k0.gemmTransA(m, n, k, a, 0, b, 0, c, 0, false);
      sb.append(hash(c)).append(' ');
      k0.gemmTransB(m, n, k, a, 0, b, 0, c, 0, false);
      sb.append(hash(c)).append(' ');
    }
    for (int n : new int[] {10, 37}) {
      int m = 13;
      float[] x = Reference.random(r, m * n, -20f, 20f);
      float[] y = new float[m * n];
      k0.softmaxRows(m, n, x, 0, y, 0);
      sb.append(hash(y)).append(' ');
      k0.sigmoid(m * n, x, 0, y, 0);
      sb.append(hash(y)).append(' ');
      sb.append(Integer.toHexString(Float.floatToRawIntBits(k0.sum(m * n, x, 0)))).append(' ');
    }
    return sb.toString().trim();
  }

  private static String hash(float[] v) {
    long h = 1125899906842597L;
    for (float f : v) {
      h = 31 * h + Float.floatToRawIntBits(f);
    }
    return Long.toHexString(h);
  }

  public static void main(String[] args) {
    System.out.println(fingerprint());
  }
}
