package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API form of {@link ConvProducts#gemmStridedA}: C (m × n) (+)= A · B, n a multiple
 * of 16, A read in place with any row stride and B row-major (row stride n), so nothing is
 * packed and every tile is full: 6 rows × 2 vectors (12 accumulators, 2 B loads and 6 broadcasts
 * per K step, so the FMA ports bound it), 1-row tiles for the rows left over, 1-vector tiles when
 * n / {@link VectorConstants#LANES} is odd.
 *
 * <p>Shape it is for: a convolution's forward, 30 × 576 × 25 per sample for the book's net,
 * where the general GEMM's 8-row tiles leave a ragged 6-row one and B is packed for every
 * sample: 2.6 ms against 3.2 ms for the batch of 100 (Intel, 2026-12-03). (It first served the
 * weight gradient over a zero-padded colᵀ, 30 × 32 × 576: 2.4 ms, but building colᵀ took 3 ms;
 * {@link PanamaDots} replaced both.)
 *
 * <p>Arithmetic: every C element is one FMA chain along k in increasing k, from its old value
 * (accumulate) or +0: lanes are columns, so the vector width never enters the order, and
 * {@link ScalarGemm} over the same strides gives the same bits.
 */
final class PanamaGemmNarrow {
  private PanamaGemmNarrow() {}

  private static final int ROWS = 6;

  static void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    int j = 0;
    for (; j + 2 * LANES <= n; j += 2 * LANES) {
      int i = 0;
      for (; i + ROWS <= m; i += ROWS) {
        tile6x2(k, a, aOff + i * lda, lda, b, bOff + j, n, c, cOff + i * n + j, n, accumulate);
      }
      for (; i < m; i++) {
        row2(k, a, aOff + i * lda, b, bOff + j, n, c, cOff + i * n + j, accumulate);
      }
    }
    for (; j < n; j += LANES) {
      for (int i = 0; i < m; i++) {
        row1(k, a, aOff + i * lda, b, bOff + j, n, c, cOff + i * n + j, accumulate);
      }
    }
  }

  private static FloatVector start(float[] c, int ci, boolean load) {
    return load ? FloatVector.fromArray(FLOATS, c, ci) : FloatVector.zero(FLOATS);
  }

  private static void tile6x2(int k, float[] a, int ai, int lda, float[] b, int bi, int ldb,
      float[] c, int ci, int ldc, boolean load) {
    int a0 = ai;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    FloatVector c00 = start(c, ci, load);
    FloatVector c01 = start(c, ci + LANES, load);
    FloatVector c10 = start(c, ci + ldc, load);
    FloatVector c11 = start(c, ci + ldc + LANES, load);
    FloatVector c20 = start(c, ci + 2 * ldc, load);
    FloatVector c21 = start(c, ci + 2 * ldc + LANES, load);
    FloatVector c30 = start(c, ci + 3 * ldc, load);
    FloatVector c31 = start(c, ci + 3 * ldc + LANES, load);
    FloatVector c40 = start(c, ci + 4 * ldc, load);
    FloatVector c41 = start(c, ci + 4 * ldc + LANES, load);
    FloatVector c50 = start(c, ci + 5 * ldc, load);
    FloatVector c51 = start(c, ci + 5 * ldc + LANES, load);
    for (int p = 0; p < k; p++) {
      int bo = bi + p * ldb;
      FloatVector b0 = FloatVector.fromArray(FLOATS, b, bo);
      FloatVector b1 = FloatVector.fromArray(FLOATS, b, bo + LANES);
      FloatVector x0 = FloatVector.broadcast(FLOATS, a[a0 + p]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      FloatVector x1 = FloatVector.broadcast(FLOATS, a[a1 + p]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      FloatVector x2 = FloatVector.broadcast(FLOATS, a[a2 + p]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      FloatVector x3 = FloatVector.broadcast(FLOATS, a[a3 + p]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
      FloatVector x4 = FloatVector.broadcast(FLOATS, a[a4 + p]);
      c40 = x4.fma(b0, c40);
      c41 = x4.fma(b1, c41);
      FloatVector x5 = FloatVector.broadcast(FLOATS, a[a5 + p]);
      c50 = x5.fma(b0, c50);
      c51 = x5.fma(b1, c51);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + LANES);
    c10.intoArray(c, ci + ldc);
    c11.intoArray(c, ci + ldc + LANES);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + LANES);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + LANES);
    c40.intoArray(c, ci + 4 * ldc);
    c41.intoArray(c, ci + 4 * ldc + LANES);
    c50.intoArray(c, ci + 5 * ldc);
    c51.intoArray(c, ci + 5 * ldc + LANES);
  }

  /** One row of C, two vectors wide. */
  private static void row2(int k, float[] a, int ai, float[] b, int bi, int ldb, float[] c,
      int ci, boolean load) {
    FloatVector c0 = start(c, ci, load);
    FloatVector c1 = start(c, ci + LANES, load);
    for (int p = 0; p < k; p++) {
      int bo = bi + p * ldb;
      FloatVector x = FloatVector.broadcast(FLOATS, a[ai + p]);
      c0 = x.fma(FloatVector.fromArray(FLOATS, b, bo), c0);
      c1 = x.fma(FloatVector.fromArray(FLOATS, b, bo + LANES), c1);
    }
    c0.intoArray(c, ci);
    c1.intoArray(c, ci + LANES);
  }

  /** One row of C, one vector wide (the last vector when n / LANES is odd). */
  private static void row1(int k, float[] a, int ai, float[] b, int bi, int ldb, float[] c,
      int ci, boolean load) {
    FloatVector c0 = start(c, ci, load);
    for (int p = 0; p < k; p++) {
      FloatVector x = FloatVector.broadcast(FLOATS, a[ai + p]);
      c0 = x.fma(FloatVector.fromArray(FLOATS, b, bi + p * ldb), c0);
    }
    c0.intoArray(c, ci);
  }
}
