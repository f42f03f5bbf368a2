package io.github.vecprop.kernel;

import java.util.SplittableRandom;

/** Double-precision naive references and error bounds for the kernel tests. */
final class Reference {
  private Reference() {}

  static final double EPS = Math.ulp(1f);

  static float[] random(SplittableRandom r, int n, float lo, float hi) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return x;
  }

  /** Element (i, j) of op(A)·op(B) in double, and Σ|a||b| for the error bound; form 0 NN, 1 TN, 2 NT. */
  static double[][] gemm(int form, int m, int n, int k, float[] a, float[] b) {
    double[] c = new double[m * n];
    double[] mag = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        double g = 0;
        for (int p = 0; p < k; p++) {
          double av = form == 1 ? a[p * m + i] : a[i * k + p];
          double bv = form == 2 ? b[j * k + p] : b[p * n + j];
          s += av * bv;
          g += Math.abs(av * bv);
        }
        c[i * n + j] = s;
        mag[i * n + j] = g;
      }
    }
    return new double[][] {c, mag};
  }

  /** The classic forward error bound of a float dot product of length k, with slack. */
  static double gemmTolerance(int k, double magnitude) {
    return 2.0 * (k + 2) * EPS * magnitude + 1e-30;
  }
}
