package io.github.vecprop.kernel;

/**
 * The plain-Java twin of every kernel: it serves every call until the Vector API kernels are
 * compiled (and all of them where the Vector API is not available), and it is the oracle the
 * Panama implementation is tested against, bit for bit. It follows the operation order that
 * {@link KernelSupport} fixes; loops are ordered for the cache (i-p-j for GEMM) so it is fast
 * enough to serve cold starts, but nothing here is clever.
 */
final class ScalarKernelSupport implements KernelSupport {

  static final ScalarKernelSupport INSTANCE = new ScalarKernelSupport();

  private ScalarKernelSupport() {}

  @Override
  public String name() {
    return "scalar";
  }

  @Override
  public int floatLanes() {
    return 1;
  }

  // GEMM: every C element is one Math.fma chain in increasing k from its old value or +0, the
  // order the Vector API tiles follow, except the few edge columns of a row-major product, which
  // are dot products in a fixed order (see ScalarGemm).

  @Override
  public void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, boolean accumulate) {
    rowMajor(m, n, k, a, aOff, b, bOff, n, 1, c, cOff, accumulate);
  }

  @Override
  public void gemmTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    ScalarGemm.gemm(m, n, k, a, aOff, 1, m, b, bOff, n, 1, c, cOff, n, accumulate);
  }

  @Override
  public void gemmTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    rowMajor(m, n, k, a, aOff, b, bOff, 1, k, c, cOff, accumulate);
  }

  @Override
  public void gemmStridedA(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    ScalarGemm.gemm(m, n, k, a, aOff, lda, 1, b, bOff, n, 1, c, cOff, n, accumulate);
  }

  @Override
  public void maxPool2x2(int planes, Window g, float[] x, int xOff, float[] y, int yOff,
      int[] arg) {
    ConvKernels.maxPool2x2Rows(planes, g, x, xOff, y, yOff, arg);
  }

  @Override
  public void reluAfterMaxPool(int n, float[] y, int yOff, int[] arg, float[] x, int xOff,
      int[] routes, int routesOff) {
    ConvKernels.reluAfterMaxPoolFrom(0, n, y, yOff, arg, x, xOff, routes, routesOff);
  }

  @Override
  public void copyRows(int rows, int len, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int dstStride) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, srcOff + r * srcStride, dst, dstOff + r * dstStride, len);
    }
  }

  @Override
  public void dotPartials(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float[] p, int pOff, boolean accumulate) {
    ConvProducts.dotPartialsRows(m, n, k, a, aOff, lda, b, bOff, ldb, p, pOff, accumulate);
  }

  /** A·B or A·Bᵀ (row-major A): FMA chains, and dot products for the edge columns. */
  private static void rowMajor(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      int brs, int bcs, float[] c, int cOff, boolean accumulate) {
    int j0 = n - ScalarGemm.edgeColumns(n, k);
    ScalarGemm.gemm(m, j0, k, a, aOff, k, 1, b, bOff, brs, bcs, c, cOff, n, accumulate);
    if (j0 < n) {
      ScalarGemm.dotColumns(m, n, k, j0, a, aOff, k, b, bOff, brs, bcs, c, cOff, n, accumulate);
    }
  }

  @Override
  public void addRowVector(int m, int n, float[] x, int xOff, float[] bias, int biasOff) {
    for (int i = 0; i < m; i++) {
      int xi = xOff + i * n;
      for (int j = 0; j < n; j++) {
        x[xi + j] += bias[biasOff + j];
      }
    }
  }

  @Override
  public void columnSums(int m, int n, float[] x, int xOff, float[] out, int outOff) {
    java.util.Arrays.fill(out, outOff, outOff + n, 0f);
    for (int i = 0; i < m; i++) {
      int xi = xOff + i * n;
      for (int j = 0; j < n; j++) {
        out[outOff + j] += x[xi + j];
      }
    }
  }

  @Override
  public float sum(int n, float[] x, int xOff) {
    return ScalarMath.orderedSum(n, x, xOff);
  }

  @Override
  public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = Math.max(x[xOff + i], 0f);
    }
  }

  @Override
  public void reluBackward(int n, float[] x, int xOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    for (int i = 0; i < n; i++) {
      dx[dxOff + i] = x[xOff + i] > 0f ? dout[doutOff + i] : 0f;
    }
  }

  @Override
  public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = 1f / (ScalarMath.exp(-x[xOff + i]) + 1f);
    }
  }

  @Override
  public void sigmoidBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    for (int i = 0; i < n; i++) {
      float yi = y[yOff + i];
      dx[dxOff + i] = dout[doutOff + i] * (1f - yi) * yi;
    }
  }

  @Override
  public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = 1f - 2f / (ScalarMath.exp(2f * x[xOff + i]) + 1f);
    }
  }

  @Override
  public void tanhBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    for (int i = 0; i < n; i++) {
      float yi = y[yOff + i];
      dx[dxOff + i] = dout[doutOff + i] * Math.fma(-yi, yi, 1f);
    }
  }

  @Override
  public void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
      int outOff) {
    for (int i = 0; i < n; i++) {
      out[outOff + i] = x[xOff + i] * y[yOff + i];
    }
  }

  @Override
  public void scaleShiftRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff,
      float[] shift, int shiftOff, float[] out, int outOff) {
    for (int i = 0; i < m; i++) {
      int r = i * n;
      for (int j = 0; j < n; j++) {
        out[outOff + r + j] = Math.fma(x[xOff + r + j], scale[scaleOff + j], shift[shiftOff + j]);
      }
    }
  }

  @Override
  public void scaleAddRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff,
      float[] y, int yOff, float[] out, int outOff) {
    for (int i = 0; i < m; i++) {
      int r = i * n;
      for (int j = 0; j < n; j++) {
        out[outOff + r + j] = Math.fma(x[xOff + r + j], scale[scaleOff + j], y[yOff + r + j]);
      }
    }
  }

  @Override
  public void softmaxRows(int m, int n, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < m; i++) {
      softmaxRow(n, x, xOff + i * n, y, yOff + i * n);
    }
  }

  /** One max-subtracted softmax row. */
  static void softmaxRow(int n, float[] x, int xo, float[] y, int yo) {
    float max = Float.NEGATIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, x[xo + j]);
    }
    for (int j = 0; j < n; j++) {
      y[yo + j] = ScalarMath.exp(x[xo + j] - max);
    }
    float inv = 1f / ScalarMath.orderedSum(n, y, yo);
    for (int j = 0; j < n; j++) {
      y[yo + j] *= inv;
    }
  }

  @Override
  public float crossEntropy(int m, int n, float[] y, int yOff, int[] labels, int labelsOff) {
    double s = 0;
    for (int i = 0; i < m; i++) {
      s += StrictMath.log(y[yOff + i * n + labels[labelsOff + i]] + Kernels.LOG_GUARD);
    }
    return (float) (-s / m);
  }

  @Override
  public float crossEntropyOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff) {
    double s = 0;
    for (int i = 0; i < m * n; i++) {
      float ti = t[tOff + i];
      if (ti != 0f) {
        s += ti * StrictMath.log(y[yOff + i] + Kernels.LOG_GUARD);
      }
    }
    return (float) (-s / m);
  }

  @Override
  public void softmaxLossBackwardOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff,
      float[] dx, int dxOff) {
    float inv = 1f / m;
    for (int i = 0; i < m * n; i++) {
      dx[dxOff + i] = (y[yOff + i] - t[tOff + i]) * inv;
    }
  }

  @Override
  public void softmaxLossBackwardIndex(int m, int n, float[] y, int yOff, int[] labels,
      int labelsOff, float[] dx, int dxOff) {
    float inv = 1f / m;
    for (int i = 0; i < m; i++) {
      int row = i * n;
      int label = labels[labelsOff + i];
      for (int j = 0; j < n; j++) {
        float t = j == label ? 1f : 0f;
        dx[dxOff + row + j] = (y[yOff + row + j] - t) * inv;
      }
    }
  }

  @Override
  public void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
    for (int i = 0; i < m; i++) {
      out[outOff + i] = argmaxRow(n, x, xOff + i * n);
    }
  }

  /** First index of the row maximum; NaN never wins. Also the Panama short-row fallback. */
  static int argmaxRow(int n, float[] x, int xo) {
    int best = 0;
    float max = x[xo];
    for (int j = 1; j < n; j++) {
      if (x[xo + j] > max) {
        max = x[xo + j];
        best = j;
      }
    }
    return best;
  }

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void scale(int n, float alpha, float[] x, int xOff) {
    for (int i = 0; i < n; i++) {
      x[xOff + i] *= alpha;
    }
  }

  @Override
  public void momentumUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff) {
    for (int i = 0; i < n; i++) {
      float vi = mu * v[vOff + i] - lr * g[gOff + i];
      v[vOff + i] = vi;
      p[pOff + i] += vi;
    }
  }

  @Override
  public void nesterovUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff) {
    float c = (1f + mu) * lr;
    float mu2 = mu * mu;
    for (int i = 0; i < n; i++) {
      float gi = g[gOff + i];
      float vi = mu * v[vOff + i] - lr * gi;
      v[vOff + i] = vi;
      p[pOff + i] += mu2 * vi - c * gi;
    }
  }

  @Override
  public void adaGradUpdate(int n, float lr, float eps, float[] g, int gOff, float[] h, int hOff,
      float[] p, int pOff) {
    for (int i = 0; i < n; i++) {
      float gi = g[gOff + i];
      float hi = h[hOff + i] + gi * gi;
      h[hOff + i] = hi;
      p[pOff + i] -= lr * gi / ((float) Math.sqrt(hi) + eps);
    }
  }

  @Override
  public void rmsPropUpdate(int n, float lr, float rho, float eps, float[] g, int gOff, float[] h,
      int hOff, float[] p, int pOff) {
    for (int i = 0; i < n; i++) {
      float gi = g[gOff + i];
      float hi = rho * h[hOff + i] + (1f - rho) * gi * gi;
      h[hOff + i] = hi;
      p[pOff + i] -= lr * gi / ((float) Math.sqrt(hi) + eps);
    }
  }

  @Override
  public void adamUpdate(int n, float lrT, float beta1, float beta2, float eps, float[] g,
      int gOff, float[] m, int mOff, float[] v, int vOff, float[] p, int pOff) {
    float c1 = 1f - beta1;
    float c2 = 1f - beta2;
    for (int i = 0; i < n; i++) {
      float gi = g[gOff + i];
      float mi = m[mOff + i] + c1 * (gi - m[mOff + i]);
      float vi = v[vOff + i] + c2 * (gi * gi - v[vOff + i]);
      m[mOff + i] = mi;
      v[vOff + i] = vi;
      p[pOff + i] -= lrT * mi / ((float) Math.sqrt(vi) + eps);
    }
  }

  @Override
  public void unsignedBytesToUnit(int n, byte[] src, int srcOff, float[] dst, int dstOff) {
    for (int i = 0; i < n; i++) {
      dst[dstOff + i] = (src[srcOff + i] & 0xFF) * (1f / 255f);
    }
  }
}
