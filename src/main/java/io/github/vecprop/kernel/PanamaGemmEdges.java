package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;

/**
 * The last 1–4 columns of an Aᵀ·B product (gemmTransA: dW = xᵀ·dout, whose N = 50 is three
 * vectors and two columns) past the whole-vector panels. The rows of Aᵀ are columns in memory, so
 * here vectors run down M: A(p, i..i+LANES) is contiguous, each B(p, j) is broadcast, and every
 * lane is one FMA chain along k in increasing k from C (accumulate) or +0, as everywhere else.
 * A zero-padded 16-lane panel would spend 7/8 of its FMAs on padding.
 *
 * <p>Row-major A (A·B, A·Bᵀ) has its own edge path, {@link #dotColumns}: dot products along K
 * with 16 logical partial sums, the order {@link ScalarGemm#dotColumns} fixes for those columns,
 * so the result does not depend on the lane count either.
 */
final class PanamaGemmEdges {
  private PanamaGemmEdges() {}

  /**
   * How many trailing columns the edge paths take. Row-major A (A·B, A·Bᵀ): the shape's edge
   * columns ({@link ScalarGemm#edgeColumns}), for {@link #dotColumns}. Aᵀ (gemmTransA): the part
   * of N past whole vectors when it is at most {@link GemmParams#EDGE_COLUMNS} and there are whole
   * vectors before it, for {@link #columns} (FMA chains, so the split may follow the width).
   */
  static int count(int n, int k, boolean transA) {
    if (!transA) {
      return ScalarGemm.edgeColumns(n, k);
    }
    int r = n % LANES;
    return n > LANES && r <= GemmParams.EDGE_COLUMNS ? r : 0;
  }

  /**
   * Columns [j0, n) of C = A·B or A·Bᵀ with row-major A (row stride lda) as dot products along K,
   * in the order of {@link ScalarGemm#dotColumns}: the 16 partial chains are one vector of 16
   * lanes, or two of 8 taken one after the other, stored to {@code lanes} and added in partial
   * order, then the last K % 16 terms chained on. B's columns are first copied K-contiguous.
   * B(p, j) is {@code b[bOff + p·n + j]}, or {@code b[bOff + j·k + p]} when {@code transB}.
   */
  static void dotColumns(int m, int n, int k, int j0, float[] a, int aOff, int lda, float[] b,
      int bOff, boolean transB, float[] c, int cOff, boolean accumulate, Scratch s) {
    int w = n - j0;
    float[] bc = s.cols(w * k);
    for (int jj = 0; jj < w; jj++) {
      if (transB) {
        System.arraycopy(b, bOff + (j0 + jj) * k, bc, jj * k, k);
      } else {
        for (int p = 0, src = bOff + j0 + jj; p < k; p++, src += n) {
          bc[jj * k + p] = b[src];
        }
      }
    }
    float[] lanes = s.lanes;
    int whole = k / ScalarGemm.DOT_PARTIALS * ScalarGemm.DOT_PARTIALS;
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * lda;
      for (int jj = 0; jj < w; jj++) {
        int bi = jj * k;
        for (int v = 0; v < ScalarGemm.DOT_PARTIALS; v += LANES) {
          FloatVector acc = FloatVector.zero(FLOATS);
          for (int p = v; p < whole; p += ScalarGemm.DOT_PARTIALS) {
            acc = FloatVector.fromArray(FLOATS, a, ai + p)
                .fma(FloatVector.fromArray(FLOATS, bc, bi + p), acc);
          }
          acc.intoArray(lanes, v);
        }
        float t = lanes[0];
        for (int l = 1; l < ScalarGemm.DOT_PARTIALS; l++) {
          t += lanes[l];
        }
        for (int p = whole; p < k; p++) {
          t = Math.fma(a[ai + p], bc[bi + p], t);
        }
        int at = cOff + i * n + j0 + jj;
        c[at] = accumulate ? c[at] + t : t;
      }
    }
  }

  /**
   * Columns [j0, n) of C = Aᵀ·B over the whole of K, A stored k × (lda = acs), B row-major k×n;
   * C rows [0, m) at cOff (row stride n).
   */
  static void columns(int m, int n, int k, int j0, float[] a, int aOff, int acs, float[] b,
      int bOff, float[] c, int cOff, boolean accumulate, float[] lanes) {
    int w = n - j0;
    int jj = 0;
    for (; jj + 1 < w; jj += 2) {
      columns2(m, k, a, aOff, acs, b, bOff + j0 + jj, n, c, cOff + j0 + jj, n, accumulate, lanes);
    }
    if (jj < w) {
      column(m, k, a, aOff, acs, b, bOff + j0 + jj, n, c, cOff + j0 + jj, n, accumulate, lanes);
    }
  }

  /**
   * One C column down M: C(i, j) = chain over p of A(p, i)·B(p, j), A(p, i) = a[aOff + p·lda + i],
   * B(p, j) = b[bi + p·ldb]; four vectors at a time, then one, then scalar rows.
   */
  private static void column(int m, int k, float[] a, int aOff, int lda, float[] b, int bi,
      int ldb, float[] c, int ci, int ldc, boolean accumulate, float[] lanes) {
    int i = 0;
    for (; i + 4 * LANES <= m; i += 4 * LANES) {
      FloatVector s0 = gather(c, ci + i * ldc, ldc, accumulate, lanes, 0);
      FloatVector s1 = gather(c, ci + (i + LANES) * ldc, ldc, accumulate, lanes, LANES);
      FloatVector s2 = gather(c, ci + (i + 2 * LANES) * ldc, ldc, accumulate, lanes, 2 * LANES);
      FloatVector s3 = gather(c, ci + (i + 3 * LANES) * ldc, ldc, accumulate, lanes, 3 * LANES);
      for (int p = 0, ap = aOff + i, bp = bi; p < k; p++, ap += lda, bp += ldb) {
        FloatVector bv = FloatVector.broadcast(FLOATS, b[bp]);
        s0 = FloatVector.fromArray(FLOATS, a, ap).fma(bv, s0);
        s1 = FloatVector.fromArray(FLOATS, a, ap + LANES).fma(bv, s1);
        s2 = FloatVector.fromArray(FLOATS, a, ap + 2 * LANES).fma(bv, s2);
        s3 = FloatVector.fromArray(FLOATS, a, ap + 3 * LANES).fma(bv, s3);
      }
      s0.intoArray(lanes, 0);
      s1.intoArray(lanes, LANES);
      s2.intoArray(lanes, 2 * LANES);
      s3.intoArray(lanes, 3 * LANES);
      scatter(lanes, 4 * LANES, c, ci + i * ldc, ldc);
    }
    for (; i + LANES <= m; i += LANES) {
      FloatVector s0 = gather(c, ci + i * ldc, ldc, accumulate, lanes, 0);
      for (int p = 0, ap = aOff + i, bp = bi; p < k; p++, ap += lda, bp += ldb) {
        s0 = FloatVector.fromArray(FLOATS, a, ap).fma(FloatVector.broadcast(FLOATS, b[bp]), s0);
      }
      s0.intoArray(lanes, 0);
      scatter(lanes, LANES, c, ci + i * ldc, ldc);
    }
    for (; i < m; i++) {
      float t = accumulate ? c[ci + i * ldc] : 0f;
      for (int p = 0, ap = aOff + i, bp = bi; p < k; p++, ap += lda, bp += ldb) {
        t = Math.fma(a[ap], b[bp], t);
      }
      c[ci + i * ldc] = t;
    }
  }

  /**
   * Two adjacent C columns down M, as {@link #column} (B(p, j) and B(p, j + 1) at b[bi + p·ldb]
   * and the next float): each A vector loaded once feeds both.
   */
  private static void columns2(int m, int k, float[] a, int aOff, int lda, float[] b, int bi,
      int ldb, float[] c, int ci, int ldc, boolean accumulate, float[] lanes) {
    int i = 0;
    for (; i + 2 * LANES <= m; i += 2 * LANES) {
      FloatVector s00 = gather(c, ci + i * ldc, ldc, accumulate, lanes, 0);
      FloatVector s10 = gather(c, ci + (i + LANES) * ldc, ldc, accumulate, lanes, LANES);
      FloatVector s01 = gather(c, ci + 1 + i * ldc, ldc, accumulate, lanes, 2 * LANES);
      FloatVector s11 = gather(c, ci + 1 + (i + LANES) * ldc, ldc, accumulate, lanes, 3 * LANES);
      for (int p = 0, ap = aOff + i, bp = bi; p < k; p++, ap += lda, bp += ldb) {
        FloatVector b0 = FloatVector.broadcast(FLOATS, b[bp]);
        FloatVector b1 = FloatVector.broadcast(FLOATS, b[bp + 1]);
        FloatVector x0 = FloatVector.fromArray(FLOATS, a, ap);
        FloatVector x1 = FloatVector.fromArray(FLOATS, a, ap + LANES);
        s00 = x0.fma(b0, s00);
        s10 = x1.fma(b0, s10);
        s01 = x0.fma(b1, s01);
        s11 = x1.fma(b1, s11);
      }
      s00.intoArray(lanes, 0);
      s10.intoArray(lanes, LANES);
      scatter(lanes, 2 * LANES, c, ci + i * ldc, ldc);
      s01.intoArray(lanes, 0);
      s11.intoArray(lanes, LANES);
      scatter(lanes, 2 * LANES, c, ci + 1 + i * ldc, ldc);
    }
    if (i < m) {
      column(m - i, k, a, aOff + i, lda, b, bi, ldb, c, ci + i * ldc, ldc, accumulate, lanes);
      column(m - i, k, a, aOff + i, lda, b, bi + 1, ldb, c, ci + 1 + i * ldc, ldc, accumulate,
          lanes);
    }
  }

  /**
   * The starting accumulator of LANES chains down a C column: the column's values (accumulate),
   * staged through lanes[at…], or +0.
   */
  private static FloatVector gather(float[] c, int ci, int ldc, boolean accumulate, float[] lanes,
      int at) {
    if (!accumulate) {
      return FloatVector.zero(FLOATS);
    }
    for (int l = 0; l < LANES; l++) {
      lanes[at + l] = c[ci + l * ldc];
    }
    return FloatVector.fromArray(FLOATS, lanes, at);
  }

  /**
   * The {@code count} values stored at lanes[0…] into a C column: c[ci + l·ldc] = lanes[l]. (Stored
   * by the caller: a vector passed to a call that is not inlined is boxed.)
   */
  private static void scatter(float[] lanes, int count, float[] c, int ci, int ldc) {
    for (int l = 0; l < count; l++) {
      c[ci + l * ldc] = lanes[l];
    }
  }
}
