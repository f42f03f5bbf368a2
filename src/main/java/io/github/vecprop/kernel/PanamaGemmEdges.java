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
   * lanes, or two of 8 taken one after the other, stored to scratch and added in partial order,
   * then the last K % 16 terms chained on. B's columns are first copied K-contiguous.
   * B(p, j) is {@code b[bOff + p·n + j]}, or {@code b[bOff + j·k + p]} when {@code transB}.
   *
   * <p>Two rows and all (at most four) columns run at once: each dot product is a chain of
   * dependent FMAs and then of 15 dependent adds, so one at a time was latency-bound (about 100
   * cycles each: the four edge columns of a 100×100×100 product cost 11 µs of its 40). Eight
   * independent chains fill the pipelines instead. A column or row past the end repeats the last
   * one and its result is dropped, which changes no stored bit.
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
    float[] dots = s.dots;
    int whole = k / ScalarGemm.DOT_PARTIALS * ScalarGemm.DOT_PARTIALS;
    int b1 = Math.min(1, w - 1) * k;
    int b2 = Math.min(2, w - 1) * k;
    int b3 = Math.min(3, w - 1) * k;
    for (int i = 0; i < m; i += 2) {
      int a0 = aOff + i * lda;
      int a1 = i + 1 < m ? a0 + lda : a0;
      if (w <= 2) {
        dots2(k, whole, a, a0, a1, bc, b1, dots);
      } else {
        dots4(k, whole, a, a0, a1, bc, b1, b2, b3, dots);
      }
      for (int r = 0; r < 2 && i + r < m; r++) {
        int at = cOff + (i + r) * n + j0;
        for (int jj = 0; jj < w; jj++) {
          float t = dots[r * 4 + jj];
          c[at + jj] = accumulate ? c[at + jj] + t : t;
        }
      }
    }
  }

  /**
   * Rows a0, a1 × columns bc[0…], bc[b1…] (2 × 2 dot products, in the order of
   * {@link #dotColumns}); the results to out[r·4 + j].
   */
  private static void dots2(int k, int whole, float[] a, int a0, int a1, float[] bc, int b1,
      float[] out) {
    final int q = ScalarGemm.DOT_PARTIALS;
    for (int v = 0; v < q; v += LANES) {
      FloatVector s00 = FloatVector.zero(FLOATS);
      FloatVector s01 = s00;
      FloatVector s10 = s00;
      FloatVector s11 = s00;
      for (int p = v; p < whole; p += q) {
        FloatVector x0 = FloatVector.fromArray(FLOATS, a, a0 + p);
        FloatVector x1 = FloatVector.fromArray(FLOATS, a, a1 + p);
        FloatVector y0 = FloatVector.fromArray(FLOATS, bc, p);
        FloatVector y1 = FloatVector.fromArray(FLOATS, bc, b1 + p);
        s00 = x0.fma(y0, s00);
        s01 = x0.fma(y1, s01);
        s10 = x1.fma(y0, s10);
        s11 = x1.fma(y1, s11);
      }
      s00.intoArray(out, 8 + v);
      s01.intoArray(out, 8 + q + v);
      s10.intoArray(out, 8 + 2 * q + v);
      s11.intoArray(out, 8 + 3 * q + v);
    }
    float t00 = out[8];
    float t01 = out[8 + q];
    float t10 = out[8 + 2 * q];
    float t11 = out[8 + 3 * q];
    for (int l = 1; l < q; l++) {
      t00 += out[8 + l];
      t01 += out[8 + q + l];
      t10 += out[8 + 2 * q + l];
      t11 += out[8 + 3 * q + l];
    }
    for (int p = whole; p < k; p++) {
      float x0 = a[a0 + p];
      float x1 = a[a1 + p];
      t00 = Math.fma(x0, bc[p], t00);
      t01 = Math.fma(x0, bc[b1 + p], t01);
      t10 = Math.fma(x1, bc[p], t10);
      t11 = Math.fma(x1, bc[b1 + p], t11);
    }
    out[0] = t00;
    out[1] = t01;
    out[4] = t10;
    out[5] = t11;
  }

  /**
   * Rows a0, a1 × columns bc[0…], bc[b1…], bc[b2…], bc[b3…] (2 × 4 dot products, in the order of
   * {@link #dotColumns}); the results to out[r·4 + j].
   */
  private static void dots4(int k, int whole, float[] a, int a0, int a1, float[] bc, int b1,
      int b2, int b3, float[] out) {
    final int q = ScalarGemm.DOT_PARTIALS;
    for (int v = 0; v < q; v += LANES) {
      FloatVector s00 = FloatVector.zero(FLOATS);
      FloatVector s01 = s00;
      FloatVector s02 = s00;
      FloatVector s03 = s00;
      FloatVector s10 = s00;
      FloatVector s11 = s00;
      FloatVector s12 = s00;
      FloatVector s13 = s00;
      for (int p = v; p < whole; p += q) {
        FloatVector x0 = FloatVector.fromArray(FLOATS, a, a0 + p);
        FloatVector x1 = FloatVector.fromArray(FLOATS, a, a1 + p);
        FloatVector y0 = FloatVector.fromArray(FLOATS, bc, p);
        FloatVector y1 = FloatVector.fromArray(FLOATS, bc, b1 + p);
        FloatVector y2 = FloatVector.fromArray(FLOATS, bc, b2 + p);
        FloatVector y3 = FloatVector.fromArray(FLOATS, bc, b3 + p);
        s00 = x0.fma(y0, s00);
        s01 = x0.fma(y1, s01);
        s02 = x0.fma(y2, s02);
        s03 = x0.fma(y3, s03);
        s10 = x1.fma(y0, s10);
        s11 = x1.fma(y1, s11);
        s12 = x1.fma(y2, s12);
        s13 = x1.fma(y3, s13);
      }
      s00.intoArray(out, 8 + v);
      s01.intoArray(out, 8 + q + v);
      s02.intoArray(out, 8 + 2 * q + v);
      s03.intoArray(out, 8 + 3 * q + v);
      s10.intoArray(out, 8 + 4 * q + v);
      s11.intoArray(out, 8 + 5 * q + v);
      s12.intoArray(out, 8 + 6 * q + v);
      s13.intoArray(out, 8 + 7 * q + v);
    }
    float t00 = out[8];
    float t01 = out[8 + q];
    float t02 = out[8 + 2 * q];
    float t03 = out[8 + 3 * q];
    float t10 = out[8 + 4 * q];
    float t11 = out[8 + 5 * q];
    float t12 = out[8 + 6 * q];
    float t13 = out[8 + 7 * q];
    for (int l = 1; l < q; l++) {
      t00 += out[8 + l];
      t01 += out[8 + q + l];
      t02 += out[8 + 2 * q + l];
      t03 += out[8 + 3 * q + l];
      t10 += out[8 + 4 * q + l];
      t11 += out[8 + 5 * q + l];
      t12 += out[8 + 6 * q + l];
      t13 += out[8 + 7 * q + l];
    }
    for (int p = whole; p < k; p++) {
      float x0 = a[a0 + p];
      float x1 = a[a1 + p];
      t00 = Math.fma(x0, bc[p], t00);
      t01 = Math.fma(x0, bc[b1 + p], t01);
      t02 = Math.fma(x0, bc[b2 + p], t02);
      t03 = Math.fma(x0, bc[b3 + p], t03);
      t10 = Math.fma(x1, bc[p], t10);
      t11 = Math.fma(x1, bc[b1 + p], t11);
      t12 = Math.fma(x1, bc[b2 + p], t12);
      t13 = Math.fma(x1, bc[b3 + p], t13);
    }
    out[0] = t00;
    out[1] = t01;
    out[2] = t02;
    out[3] = t03;
    out[4] = t10;
    out[5] = t11;
    out[6] = t12;
    out[7] = t13;
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
