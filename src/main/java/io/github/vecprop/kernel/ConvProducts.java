package io.github.vecprop.kernel;

/**
 * The two products a convolution's layer makes besides {@link Kernels#gemm}, for shapes the
 * general GEMM handles badly: {@link #gemmStridedA} (A at any row stride, N a multiple of 16:
 * full register tiles, nothing packed) and {@link #dotPartials} (dot products of rows that are both
 * K-contiguous, for dW = dout · colᵀ without building colᵀ). Both have Vector API forms with
 * bit-identical twins and run in the GEMM family ({@link KernelTiers}).
 */
public final class ConvProducts {
  private ConvProducts() {}

  /**
   * C (m × n, row stride n) = A · B, or C += A · B when {@code accumulate}: A m × k read in place
   * at row stride {@code lda} (≥ k), B k × n row-major, n a multiple of 16. Every C element is
   * one FMA chain along k in increasing k, from its old value or +0, on every path and width (no
   * edge columns: there are none). For products the general {@link Kernels#gemm} would pack B
   * for and cut into ragged tiles: a convolution's forward, out (F × positions) = W (F × patch) ·
   * col (patch × positions) onto the biases, when the positions are a multiple of 16.
   *
   * @param m rows of A and C
   * @param n columns of B and C, a multiple of 16
   * @param k columns of A, rows of B
   * @param a A at aOff, row i at aOff + i·lda: read
   * @param aOff offset of A(0,0)
   * @param lda A's row stride, at least k
   * @param b B, k×n row-major at bOff: read
   * @param bOff offset of B(0,0)
   * @param c C, m×n row-major at cOff: written (read too when accumulate)
   * @param cOff offset of C(0,0)
   * @param accumulate true to add A·B to C's values, false to overwrite C
   * @throws IllegalArgumentException on a negative dimension, n not a multiple of 16, lda below k,
   *     a null or short array, or c being a or b
   */
  public static void gemmStridedA(int m, int n, int k, float[] a, int aOff, int lda, float[] b,
      int bOff, float[] c, int cOff, boolean accumulate) {
    Checks.dims(m, n, k);
    if (n % 16 != 0 || lda < k) {
      throw new IllegalArgumentException("n " + n + " must be a multiple of 16 and lda " + lda
          + " at least k " + k);
    }
    Checks.range("A", a, aOff, m == 0 ? 0 : (long) lda * (m - 1) + k);
    Checks.range("B", b, bOff, (long) k * n);
    Checks.range("C", c, cOff, (long) m * n);
    Checks.distinct("C", c, "A", a);
    Checks.distinct("C", c, "B", b);
    Kernels.conv((long) m * n * k).gemmStridedA(m, n, k, a, aOff, lda, b, bOff, c, cOff, accumulate);
  }

  /**
   * The 16 partial sums of every dot product of a row of A with a row of B: for
   * {@code i < m, j < n, l < 16}, {@code p[pOff + (i·n + j)·16 + l]} = (accumulate ? its old
   * value : +0) followed by one FMA chain over the elements {@code t ≡ l (mod 16), t < k}, in
   * increasing t, of A(i, t)·B(j, t). On every
   * path and width the same bits (a partial is one lane: a dot is one vector at 512 bits, two at
   * 256).
   * Called once per sample with accumulate on after the first, each partial is one chain over the
   * whole batch; {@link #reducePartials} then gives the dots. A convolution's weight gradient is
   * dout (F × positions) against the im2col matrix (patch × positions): both read in
   * place, no transposed copy built.
   *
   * @param m rows of A
   * @param n rows of B
   * @param k the dots' length
   * @param a A at aOff, row i at aOff + i·lda: read
   * @param aOff offset of A(0,0)
   * @param lda A's row stride, at least k
   * @param b B at bOff, row j at bOff + j·ldb: read
   * @param bOff offset of B(0,0)
   * @param ldb B's row stride, at least k
   * @param p m·n·16 partials at pOff: written (read too when accumulate)
   * @param pOff offset of the first partial
   * @param accumulate true to continue the chains from p's values
   * @throws IllegalArgumentException on a negative dimension, a stride below k, a null or short
   *     array, or p being a or b
   */
  public static void dotPartials(int m, int n, int k, float[] a, int aOff, int lda, float[] b,
      int bOff, int ldb, float[] p, int pOff, boolean accumulate) {
    Checks.dims(m, n, k);
    if (lda < k || ldb < k) {
      throw new IllegalArgumentException("lda " + lda + " and ldb " + ldb + " must be at least k "
          + k);
    }
    Checks.range("A", a, aOff, m == 0 ? 0 : (long) lda * (m - 1) + k);
    Checks.range("B", b, bOff, n == 0 ? 0 : (long) ldb * (n - 1) + k);
    Checks.range("partials", p, pOff, (long) m * n * 16);
    Checks.distinct("partials", p, "A", a);
    Checks.distinct("partials", p, "B", b);
    Kernels.conv((long) m * n * k).dotPartials(m, n, k, a, aOff, lda, b, bOff, ldb, p, pOff,
        accumulate);
  }

  /**
   * The twin's {@link #dotPartials}: each dot's 16 partials in 16 locals (16 independent chains
   * for the FMA units) over its whole 16s, then the tail through {@link #dotTails}; each partial
   * the definition's chain. (The definition's own loop, one partial at a time with stride 16, and
   * a 16-wide loop on the partials in memory both ran the book's weight gradient in 70–100 ms.)
   */
  static void dotPartialsRows(int m, int n, int k, float[] a, int aOff, int lda, float[] b,
      int bOff, int ldb, float[] p, int pOff, boolean accumulate) {
    int whole = k & ~15;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        dot16(whole, a, aOff + i * lda, b, bOff + j * ldb, p, pOff + (i * n + j) * 16,
            accumulate);
      }
    }
    if (whole < k) {
      dotTails(m, n, k, whole, a, aOff, lda, b, bOff, ldb, p, pOff);
    }
  }

  private static void dot16(int whole, float[] a, int ai, float[] b, int bi, float[] p, int at,
      boolean load) {
    float s0 = load ? p[at] : 0f;
    float s1 = load ? p[at + 1] : 0f;
    float s2 = load ? p[at + 2] : 0f;
    float s3 = load ? p[at + 3] : 0f;
    float s4 = load ? p[at + 4] : 0f;
    float s5 = load ? p[at + 5] : 0f;
    float s6 = load ? p[at + 6] : 0f;
    float s7 = load ? p[at + 7] : 0f;
    float s8 = load ? p[at + 8] : 0f;
    float s9 = load ? p[at + 9] : 0f;
    float s10 = load ? p[at + 10] : 0f;
    float s11 = load ? p[at + 11] : 0f;
    float s12 = load ? p[at + 12] : 0f;
    float s13 = load ? p[at + 13] : 0f;
    float s14 = load ? p[at + 14] : 0f;
    float s15 = load ? p[at + 15] : 0f;
    for (int t = 0; t < whole; t += 16) {
      int x = ai + t;
      int y = bi + t;
      s0 = Math.fma(a[x], b[y], s0);
      s1 = Math.fma(a[x + 1], b[y + 1], s1);
      s2 = Math.fma(a[x + 2], b[y + 2], s2);
      s3 = Math.fma(a[x + 3], b[y + 3], s3);
      s4 = Math.fma(a[x + 4], b[y + 4], s4);
      s5 = Math.fma(a[x + 5], b[y + 5], s5);
      s6 = Math.fma(a[x + 6], b[y + 6], s6);
      s7 = Math.fma(a[x + 7], b[y + 7], s7);
      s8 = Math.fma(a[x + 8], b[y + 8], s8);
      s9 = Math.fma(a[x + 9], b[y + 9], s9);
      s10 = Math.fma(a[x + 10], b[y + 10], s10);
      s11 = Math.fma(a[x + 11], b[y + 11], s11);
      s12 = Math.fma(a[x + 12], b[y + 12], s12);
      s13 = Math.fma(a[x + 13], b[y + 13], s13);
      s14 = Math.fma(a[x + 14], b[y + 14], s14);
      s15 = Math.fma(a[x + 15], b[y + 15], s15);
    }
    p[at] = s0;
    p[at + 1] = s1;
    p[at + 2] = s2;
    p[at + 3] = s3;
    p[at + 4] = s4;
    p[at + 5] = s5;
    p[at + 6] = s6;
    p[at + 7] = s7;
    p[at + 8] = s8;
    p[at + 9] = s9;
    p[at + 10] = s10;
    p[at + 11] = s11;
    p[at + 12] = s12;
    p[at + 13] = s13;
    p[at + 14] = s14;
    p[at + 15] = s15;
  }

  /** The elements past the last whole 16 of every dot (t = whole..k−1 into partial t − whole). */
  static void dotTails(int m, int n, int k, int whole, float[] a, int aOff, int lda, float[] b,
      int bOff, int ldb, float[] p, int pOff) {
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        int at = pOff + (i * n + j) * 16 - whole;
        for (int t = whole; t < k; t++) {
          p[at + t] = Math.fma(a[aOff + i * lda + t], b[bOff + j * ldb + t], p[at + t]);
        }
      }
    }
  }

  /**
   * Each dot from its 16 partials (as {@link #dotPartials} lays them out): out[outOff + e] =
   * p[e·16] + p[e·16 + 1] + … + p[e·16 + 15], added left to right in float.
   *
   * @param count the number of dots
   * @param p count·16 partials at pOff: read
   * @param pOff offset of the first
   * @param out count floats at outOff: written
   * @param outOff offset of the first
   * @throws IllegalArgumentException on a negative count or an array null or short
   */
  public static void reducePartials(int count, float[] p, int pOff, float[] out, int outOff) {
    Checks.count(count);
    Checks.range("partials", p, pOff, (long) count * 16);
    Checks.range("out", out, outOff, count);
    for (int e = 0; e < count; e++) {
      float s = p[pOff + e * 16];
      for (int l = 1; l < 16; l++) {
        s += p[pOff + e * 16 + l];
      }
      out[outOff + e] = s;
    }
  }

}
