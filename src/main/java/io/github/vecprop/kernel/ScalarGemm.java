package io.github.vecprop.kernel;

/**
 * The plain-Java GEMM of the twin, for all three forms: A(i, p) = a[aOff + i·ars + p·acs],
 * B(p, j) = b[bOff + p·brs + j·bcs] and C(i, j) = c[cOff + i·ldc + j], so Aᵀ and Bᵀ are only other
 * strides, and a block of columns of a wider C is a call of its own.
 *
 * <p>Arithmetic: every C element is one {@code Math.fma} chain along k in increasing k, from its
 * old value (accumulate) or +0: the order the Vector API tiles follow, so both give the same bits.
 *
 * <p>Speed (this code serves every cold start until the Vector code is compiled): 4 × 4 blocks of
 * C kept in 16 local accumulators for the whole of K, so each K step loads 8 values for 16
 * independent FMA chains (two FMAs a cycle, none waiting on another). The i-p-j loop it replaced
 * re-loaded and stored C every step and ran at a third of this speed.
 */
final class ScalarGemm {
  private ScalarGemm() {}

  static void gemm(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b,
      int bOff, int brs, int bcs, float[] c, int cOff, int ldc, boolean accumulate) {
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int a0 = aOff + i * ars;
      int a1 = a0 + ars;
      int a2 = a1 + ars;
      int a3 = a2 + ars;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        int c0 = cOff + i * ldc + j;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        float s00 = init(c, c0, accumulate);
        float s01 = init(c, c0 + 1, accumulate);
        float s02 = init(c, c0 + 2, accumulate);
        float s03 = init(c, c0 + 3, accumulate);
        float s10 = init(c, c1, accumulate);
        float s11 = init(c, c1 + 1, accumulate);
        float s12 = init(c, c1 + 2, accumulate);
        float s13 = init(c, c1 + 3, accumulate);
        float s20 = init(c, c2, accumulate);
        float s21 = init(c, c2 + 1, accumulate);
        float s22 = init(c, c2 + 2, accumulate);
        float s23 = init(c, c2 + 3, accumulate);
        float s30 = init(c, c3, accumulate);
        float s31 = init(c, c3 + 1, accumulate);
        float s32 = init(c, c3 + 2, accumulate);
        float s33 = init(c, c3 + 3, accumulate);
        int b0 = bOff + j * bcs;
        for (int p = 0; p < k; p++) {
          int ap = p * acs;
          int bp = b0 + p * brs;
          float x0 = a[a0 + ap];
          float x1 = a[a1 + ap];
          float x2 = a[a2 + ap];
          float x3 = a[a3 + ap];
          float y0 = b[bp];
          float y1 = b[bp + bcs];
          float y2 = b[bp + 2 * bcs];
          float y3 = b[bp + 3 * bcs];
          s00 = Math.fma(x0, y0, s00);
          s01 = Math.fma(x0, y1, s01);
          s02 = Math.fma(x0, y2, s02);
          s03 = Math.fma(x0, y3, s03);
          s10 = Math.fma(x1, y0, s10);
          s11 = Math.fma(x1, y1, s11);
          s12 = Math.fma(x1, y2, s12);
          s13 = Math.fma(x1, y3, s13);
          s20 = Math.fma(x2, y0, s20);
          s21 = Math.fma(x2, y1, s21);
          s22 = Math.fma(x2, y2, s22);
          s23 = Math.fma(x2, y3, s23);
          s30 = Math.fma(x3, y0, s30);
          s31 = Math.fma(x3, y1, s31);
          s32 = Math.fma(x3, y2, s32);
          s33 = Math.fma(x3, y3, s33);
        }
        c[c0] = s00;
        c[c0 + 1] = s01;
        c[c0 + 2] = s02;
        c[c0 + 3] = s03;
        c[c1] = s10;
        c[c1 + 1] = s11;
        c[c1 + 2] = s12;
        c[c1 + 3] = s13;
        c[c2] = s20;
        c[c2 + 1] = s21;
        c[c2 + 2] = s22;
        c[c2 + 3] = s23;
        c[c3] = s30;
        c[c3 + 1] = s31;
        c[c3 + 2] = s32;
        c[c3 + 3] = s33;
      }
      for (; j < n; j++) {
        column4(i, j, ldc, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, accumulate);
      }
    }
    for (; i < m; i++) {
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        row8(i, j, ldc, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, accumulate);
      }
      for (; j < n; j++) {
        element(i, j, k, a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff + i * ldc + j, accumulate);
      }
    }
  }

  /** Rows i..i+3 of column j: four chains in flight (the columns past the 4 × 4 blocks). */
  private static void column4(int i, int j, int ldc, int k, float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int brs, int bcs, float[] c, int cOff, boolean accumulate) {
    int c0 = cOff + i * ldc + j;
    float s0 = init(c, c0, accumulate);
    float s1 = init(c, c0 + ldc, accumulate);
    float s2 = init(c, c0 + 2 * ldc, accumulate);
    float s3 = init(c, c0 + 3 * ldc, accumulate);
    int a0 = aOff + i * ars;
    int bj = bOff + j * bcs;
    for (int p = 0; p < k; p++) {
      int ap = a0 + p * acs;
      float y = b[bj + p * brs];
      s0 = Math.fma(a[ap], y, s0);
      s1 = Math.fma(a[ap + ars], y, s1);
      s2 = Math.fma(a[ap + 2 * ars], y, s2);
      s3 = Math.fma(a[ap + 3 * ars], y, s3);
    }
    c[c0] = s0;
    c[c0 + ldc] = s1;
    c[c0 + 2 * ldc] = s2;
    c[c0 + 3 * ldc] = s3;
  }

  /**
   * Columns j..j+7 of row i: eight chains in flight, so a row alone (one image at a time) is not
   * held up by the FMA latency (the rows past the 4 × 4 blocks).
   */
  private static void row8(int i, int j, int ldc, int k, float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int brs, int bcs, float[] c, int cOff, boolean accumulate) {
    int c0 = cOff + i * ldc + j;
    float s0 = init(c, c0, accumulate);
    float s1 = init(c, c0 + 1, accumulate);
    float s2 = init(c, c0 + 2, accumulate);
    float s3 = init(c, c0 + 3, accumulate);
    float s4 = init(c, c0 + 4, accumulate);
    float s5 = init(c, c0 + 5, accumulate);
    float s6 = init(c, c0 + 6, accumulate);
    float s7 = init(c, c0 + 7, accumulate);
    int ai = aOff + i * ars;
    int b0 = bOff + j * bcs;
    for (int p = 0; p < k; p++) {
      float x = a[ai + p * acs];
      int bp = b0 + p * brs;
      s0 = Math.fma(x, b[bp], s0);
      s1 = Math.fma(x, b[bp + bcs], s1);
      s2 = Math.fma(x, b[bp + 2 * bcs], s2);
      s3 = Math.fma(x, b[bp + 3 * bcs], s3);
      s4 = Math.fma(x, b[bp + 4 * bcs], s4);
      s5 = Math.fma(x, b[bp + 5 * bcs], s5);
      s6 = Math.fma(x, b[bp + 6 * bcs], s6);
      s7 = Math.fma(x, b[bp + 7 * bcs], s7);
    }
    c[c0] = s0;
    c[c0 + 1] = s1;
    c[c0 + 2] = s2;
    c[c0 + 3] = s3;
    c[c0 + 4] = s4;
    c[c0 + 5] = s5;
    c[c0 + 6] = s6;
    c[c0 + 7] = s7;
  }

  private static float init(float[] c, int at, boolean accumulate) {
    return accumulate ? c[at] : 0f;
  }

  /** One element's chain: what the blocks leave. */
  private static void element(int i, int j, int k, float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, int brs, int bcs, float[] c, int at, boolean accumulate) {
    float s = init(c, at, accumulate);
    int ai = aOff + i * ars;
    int bj = bOff + j * bcs;
    for (int p = 0; p < k; p++) {
      s = Math.fma(a[ai + p * acs], b[bj + p * brs], s);
    }
    c[at] = s;
  }

  /**
   * Columns [j0, n) of C (row stride ldc) as dot products, the order {@link KernelSupport} fixes
   * for the edge columns of a row-major product: {@link #DOT_PARTIALS} partial FMA chains, partial
   * l over p ≡ l (mod 16) for p below the last whole block of 16, each from +0; the partials added
   * left to right; the remaining p chained on by FMA; then added to C when accumulating.
   */
  static void dotColumns(int m, int n, int k, int j0, float[] a, int aOff, int ars, float[] b,
      int bOff, int brs, int bcs, float[] c, int cOff, int ldc, boolean accumulate) {
    int whole = k / DOT_PARTIALS * DOT_PARTIALS;
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * ars;
      for (int j = j0; j < n; j++) {
        int bj = bOff + j * bcs;
        float t = 0f;
        // Eight partials at a time, so eight chains are in flight; added in partial order.
        for (int l = 0; l < DOT_PARTIALS; l += 8) {
          float s0 = 0f;
          float s1 = 0f;
          float s2 = 0f;
          float s3 = 0f;
          float s4 = 0f;
          float s5 = 0f;
          float s6 = 0f;
          float s7 = 0f;
          for (int p = l; p < whole; p += DOT_PARTIALS) {
            int bp = bj + p * brs;
            s0 = Math.fma(a[ai + p], b[bp], s0);
            s1 = Math.fma(a[ai + p + 1], b[bp + brs], s1);
            s2 = Math.fma(a[ai + p + 2], b[bp + 2 * brs], s2);
            s3 = Math.fma(a[ai + p + 3], b[bp + 3 * brs], s3);
            s4 = Math.fma(a[ai + p + 4], b[bp + 4 * brs], s4);
            s5 = Math.fma(a[ai + p + 5], b[bp + 5 * brs], s5);
            s6 = Math.fma(a[ai + p + 6], b[bp + 6 * brs], s6);
            s7 = Math.fma(a[ai + p + 7], b[bp + 7 * brs], s7);
          }
          t = l == 0 ? s0 : t + s0;
          t = t + s1 + s2 + s3 + s4 + s5 + s6 + s7;
        }
        for (int p = whole; p < k; p++) {
          t = Math.fma(a[ai + p], b[bj + p * brs], t);
        }
        int at = cOff + i * ldc + j;
        c[at] = accumulate ? c[at] + t : t;
      }
    }
  }

  /** Partial sums of an edge column's dot product: a logical constant, not the lane count. */
  static final int DOT_PARTIALS = 16;

  /**
   * How many trailing columns of a row-major product (A·B or A·Bᵀ) are edge columns, computed by
   * {@link #dotColumns}: n mod 16 when that is 1 to {@link GemmParams#EDGE_COLUMNS}, n is above
   * 16 and k at least 16; else none. Depends on the shape only, never on the vector width.
   */
  static int edgeColumns(int n, int k) {
    int r = n % DOT_PARTIALS;
    return n > DOT_PARTIALS && k >= DOT_PARTIALS && r <= GemmParams.EDGE_COLUMNS ? r : 0;
  }
}
