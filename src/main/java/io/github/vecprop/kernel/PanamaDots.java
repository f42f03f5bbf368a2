package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API form of {@link ConvProducts#dotPartials}: for every pair (row i of A, row j of B)
 * the 16 partial sums of their dot product, partial l an FMA chain over the elements t ≡ l
 * (mod 16) in increasing t. A partial is a lane, so at 512 bits a dot is one vector of 16
 * partials and at 256 bits two (lanes 0–7 and 8–15, each its own pass over the rows): the same
 * chains at either width, and the twin's ({@link ConvProducts#dotPartialsRows}).
 *
 * <p>Why: a convolution's weight gradient dW = dout · colᵀ as a GEMM needs colᵀ, and building
 * it costs more than the product (3 ms against 2.4 ms for the book's batch, Intel, 2026-12-03);
 * as dot products it reads dout and the im2col matrix in place, both K-contiguous. Tile: 5 rows
 * of A × 4 rows of B, 20 accumulators and 9 loads per 16 elements (the rows come from L2: a
 * sample's 30 + 26 rows of 576 floats do not fit L1); the columns left over go in 5 × 2 tiles
 * ({@link #tile5x2}), the rows left over one dot at a time. For the book's batch (30 × 26 dots of
 * 576, 100 samples; Intel, 2026-12-03): 3 × 4 tiles 2.9–3.4 ms, 5 × 4 tiles 2.4–2.6 ms, K blocked
 * to 128 for L1 4.1 ms (the tile's set-up then outweighs its 8 steps).
 */
final class PanamaDots {
  private PanamaDots() {}

  static void dotPartials(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
      int ldb, float[] p, int pOff, boolean accumulate) {
    int whole = k & ~15;
    for (int h = 0; h < 16; h += LANES) {
      block(m, n, whole, h, a, aOff, lda, b, bOff, ldb, p, pOff, accumulate);
    }
    if (whole < k) {
      ConvProducts.dotTails(m, n, k, whole, a, aOff, lda, b, bOff, ldb, p, pOff);
    }
  }

  /** Lanes h..h+LANES−1 of every dot over its first len (a multiple of 16) elements. */
  private static void block(int m, int n, int len, int h, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] p, int pOff, boolean load) {
    int i = 0;
    for (; i + 5 <= m; i += 5) {
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        tile5x4(len, h, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, p,
            pOff + (i * n + j) * 16 + h, n * 16, load);
      }
      for (; j < n; j += 2) { // the columns left over: 5 × 2 tiles, and a 5 × 1
        tile5x2(len, h, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, j + 1 < n, p,
            pOff + (i * n + j) * 16 + h, n * 16, load);
      }
    }
    for (; i < m; i++) {
      for (int j = 0; j < n; j++) {
        one(len, h, a, aOff + i * lda, b, bOff + j * ldb, p, pOff + (i * n + j) * 16 + h, load);
      }
    }
  }

  private static FloatVector start(float[] p, int at, boolean load) {
    return load ? FloatVector.fromArray(FLOATS, p, at) : FloatVector.zero(FLOATS);
  }

  /**
   * Lanes h..h+LANES−1 of the 20 dots of A rows ai + 0..4 and B rows bi + 0..3; partials of dot
   * (r, c) at pi + r·prs + c·16.
   */
  private static void tile5x4(int whole, int h, float[] a, int ai, int lda, float[] b, int bi,
      int ldb, float[] p, int pi, int prs, boolean load) {
    int a0 = ai + h;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int b0 = bi + h;
    int b1 = b0 + ldb;
    int b2 = b1 + ldb;
    int b3 = b2 + ldb;
    FloatVector c00 = start(p, pi, load);
    FloatVector c01 = start(p, pi + 16, load);
    FloatVector c02 = start(p, pi + 32, load);
    FloatVector c03 = start(p, pi + 48, load);
    FloatVector c10 = start(p, pi + prs, load);
    FloatVector c11 = start(p, pi + prs + 16, load);
    FloatVector c12 = start(p, pi + prs + 32, load);
    FloatVector c13 = start(p, pi + prs + 48, load);
    FloatVector c20 = start(p, pi + 2 * prs, load);
    FloatVector c21 = start(p, pi + 2 * prs + 16, load);
    FloatVector c22 = start(p, pi + 2 * prs + 32, load);
    FloatVector c23 = start(p, pi + 2 * prs + 48, load);
    FloatVector c30 = start(p, pi + 3 * prs, load);
    FloatVector c31 = start(p, pi + 3 * prs + 16, load);
    FloatVector c32 = start(p, pi + 3 * prs + 32, load);
    FloatVector c33 = start(p, pi + 3 * prs + 48, load);
    FloatVector c40 = start(p, pi + 4 * prs, load);
    FloatVector c41 = start(p, pi + 4 * prs + 16, load);
    FloatVector c42 = start(p, pi + 4 * prs + 32, load);
    FloatVector c43 = start(p, pi + 4 * prs + 48, load);
    for (int t = 0; t < whole; t += 16) {
      FloatVector y0 = FloatVector.fromArray(FLOATS, b, b0 + t);
      FloatVector y1 = FloatVector.fromArray(FLOATS, b, b1 + t);
      FloatVector y2 = FloatVector.fromArray(FLOATS, b, b2 + t);
      FloatVector y3 = FloatVector.fromArray(FLOATS, b, b3 + t);
      FloatVector x = FloatVector.fromArray(FLOATS, a, a0 + t);
      c00 = x.fma(y0, c00);
      c01 = x.fma(y1, c01);
      c02 = x.fma(y2, c02);
      c03 = x.fma(y3, c03);
      x = FloatVector.fromArray(FLOATS, a, a1 + t);
      c10 = x.fma(y0, c10);
      c11 = x.fma(y1, c11);
      c12 = x.fma(y2, c12);
      c13 = x.fma(y3, c13);
      x = FloatVector.fromArray(FLOATS, a, a2 + t);
      c20 = x.fma(y0, c20);
      c21 = x.fma(y1, c21);
      c22 = x.fma(y2, c22);
      c23 = x.fma(y3, c23);
      x = FloatVector.fromArray(FLOATS, a, a3 + t);
      c30 = x.fma(y0, c30);
      c31 = x.fma(y1, c31);
      c32 = x.fma(y2, c32);
      c33 = x.fma(y3, c33);
      x = FloatVector.fromArray(FLOATS, a, a4 + t);
      c40 = x.fma(y0, c40);
      c41 = x.fma(y1, c41);
      c42 = x.fma(y2, c42);
      c43 = x.fma(y3, c43);
    }
    c00.intoArray(p, pi);
    c01.intoArray(p, pi + 16);
    c02.intoArray(p, pi + 32);
    c03.intoArray(p, pi + 48);
    c10.intoArray(p, pi + prs);
    c11.intoArray(p, pi + prs + 16);
    c12.intoArray(p, pi + prs + 32);
    c13.intoArray(p, pi + prs + 48);
    c20.intoArray(p, pi + 2 * prs);
    c21.intoArray(p, pi + 2 * prs + 16);
    c22.intoArray(p, pi + 2 * prs + 32);
    c23.intoArray(p, pi + 2 * prs + 48);
    c30.intoArray(p, pi + 3 * prs);
    c31.intoArray(p, pi + 3 * prs + 16);
    c32.intoArray(p, pi + 3 * prs + 32);
    c33.intoArray(p, pi + 3 * prs + 48);
    c40.intoArray(p, pi + 4 * prs);
    c41.intoArray(p, pi + 4 * prs + 16);
    c42.intoArray(p, pi + 4 * prs + 32);
    c43.intoArray(p, pi + 4 * prs + 48);
  }

  /**
   * Lanes h..h+LANES−1 of the 10 dots of A rows ai + 0..4 and B rows bi + 0..1 (of B row bi
   * alone, 5 dots, when {@code two} is false), as {@link #tile5x4}: the book's 26 dot columns
   * leave 2 after the 5 × 4 tiles, which one dot at a time (two loads per FMA) made 30 % of the
   * time for 8 % of the work (Zen 5, 2026-12-04).
   */
  private static void tile5x2(int whole, int h, float[] a, int ai, int lda, float[] b, int bi,
      int ldb, boolean two, float[] p, int pi, int prs, boolean load) {
    int a0 = ai + h;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int b0 = bi + h;
    int b1 = two ? b0 + ldb : b0; // one column: the second is a copy, not stored
    FloatVector c00 = start(p, pi, load);
    FloatVector c10 = start(p, pi + prs, load);
    FloatVector c20 = start(p, pi + 2 * prs, load);
    FloatVector c30 = start(p, pi + 3 * prs, load);
    FloatVector c40 = start(p, pi + 4 * prs, load);
    FloatVector c01 = two ? start(p, pi + 16, load) : c00;
    FloatVector c11 = two ? start(p, pi + prs + 16, load) : c10;
    FloatVector c21 = two ? start(p, pi + 2 * prs + 16, load) : c20;
    FloatVector c31 = two ? start(p, pi + 3 * prs + 16, load) : c30;
    FloatVector c41 = two ? start(p, pi + 4 * prs + 16, load) : c40;
    for (int t = 0; t < whole; t += 16) {
      FloatVector y0 = FloatVector.fromArray(FLOATS, b, b0 + t);
      FloatVector y1 = FloatVector.fromArray(FLOATS, b, b1 + t);
      FloatVector x = FloatVector.fromArray(FLOATS, a, a0 + t);
      c00 = x.fma(y0, c00);
      c01 = x.fma(y1, c01);
      x = FloatVector.fromArray(FLOATS, a, a1 + t);
      c10 = x.fma(y0, c10);
      c11 = x.fma(y1, c11);
      x = FloatVector.fromArray(FLOATS, a, a2 + t);
      c20 = x.fma(y0, c20);
      c21 = x.fma(y1, c21);
      x = FloatVector.fromArray(FLOATS, a, a3 + t);
      c30 = x.fma(y0, c30);
      c31 = x.fma(y1, c31);
      x = FloatVector.fromArray(FLOATS, a, a4 + t);
      c40 = x.fma(y0, c40);
      c41 = x.fma(y1, c41);
    }
    c00.intoArray(p, pi);
    c10.intoArray(p, pi + prs);
    c20.intoArray(p, pi + 2 * prs);
    c30.intoArray(p, pi + 3 * prs);
    c40.intoArray(p, pi + 4 * prs);
    if (two) {
      c01.intoArray(p, pi + 16);
      c11.intoArray(p, pi + prs + 16);
      c21.intoArray(p, pi + 2 * prs + 16);
      c31.intoArray(p, pi + 3 * prs + 16);
      c41.intoArray(p, pi + 4 * prs + 16);
    }
  }

  /** Lanes h..h+LANES−1 of one dot's partials. */
  private static void one(int whole, int h, float[] a, int ai, float[] b, int bi, float[] p,
      int pi, boolean load) {
    FloatVector c = start(p, pi, load);
    for (int t = 0; t < whole; t += 16) {
      c = FloatVector.fromArray(FLOATS, a, ai + h + t)
          .fma(FloatVector.fromArray(FLOATS, b, bi + h + t), c);
    }
    c.intoArray(p, pi);
  }
}
