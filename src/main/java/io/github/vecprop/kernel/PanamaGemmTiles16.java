package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;
import static io.github.vecprop.kernel.VectorConstants.PANEL;

import jdk.incubator.vector.FloatVector;

/**
 * GEMM's wide register tile for CPUs with 16 vector registers (x86 with AVX2 but not AVX-512):
 * 4 rows × 3 vectors, run twice for the 8 rows of a packed micro-panel (rows 0–3, then 4–7).
 *
 * <p>Why: {@link PanamaGemmTiles}' 8 × 3 tile holds 24 accumulators, 3 B vectors and a broadcast,
 * 28 registers; with 16 ymm registers C2 spills accumulators to the stack on every K step. On an
 * AMD EPYC Zen 3 (AVX2, 2 vCPUs, JDK 17) that tile ran a 512³ product at 26 GFLOP/s; this one needs
 * 12 + 3 + 1 = 16 (README, performance). Each C element is still one FMA chain along k in
 * increasing k from C or +0, so both tiles give the same bits. Picked once, by
 * {@link VectorConstants#SPLIT_TILES}. Two layouts, as the wide tile: a packed micro-panel
 * ({@code ap[ai + p·as + r]}, as = MR; Aᵀ read in place keeps the wide tile) and row-major A in
 * place (four row pointers fixed for the K loop).
 */
final class PanamaGemmTiles16 {
  private PanamaGemmTiles16() {}

  // Written out from one pattern (one accumulator per row and vector): the statements of the
  // 8 × 3 tile's first four rows.
  static void kernel4x3v(int kc, float[] ap, int ai, int as, float[] bp, int bi,
      float[] c, int ci, int ldc, boolean load) {
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
    if (load) {
      c00 = FloatVector.fromArray(FLOATS, c, ci);
      c01 = FloatVector.fromArray(FLOATS, c, ci + LANES);
      c02 = FloatVector.fromArray(FLOATS, c, ci + 2 * LANES);
      c10 = FloatVector.fromArray(FLOATS, c, ci + 1 * ldc);
      c11 = FloatVector.fromArray(FLOATS, c, ci + 1 * ldc + LANES);
      c12 = FloatVector.fromArray(FLOATS, c, ci + 1 * ldc + 2 * LANES);
      c20 = FloatVector.fromArray(FLOATS, c, ci + 2 * ldc);
      c21 = FloatVector.fromArray(FLOATS, c, ci + 2 * ldc + LANES);
      c22 = FloatVector.fromArray(FLOATS, c, ci + 2 * ldc + 2 * LANES);
      c30 = FloatVector.fromArray(FLOATS, c, ci + 3 * ldc);
      c31 = FloatVector.fromArray(FLOATS, c, ci + 3 * ldc + LANES);
      c32 = FloatVector.fromArray(FLOATS, c, ci + 3 * ldc + 2 * LANES);
    } else {
      c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = FloatVector.zero(FLOATS);
    }
    for (int p = 0; p < kc; p++) {
      int bo = bi + p * PANEL;
      int ao = ai + p * as;
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bo);
      FloatVector b1 = FloatVector.fromArray(FLOATS, bp, bo + LANES);
      FloatVector b2 = FloatVector.fromArray(FLOATS, bp, bo + 2 * LANES);
      FloatVector x0 = FloatVector.broadcast(FLOATS, ap[ao]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c02 = x0.fma(b2, c02);
      FloatVector x1 = FloatVector.broadcast(FLOATS, ap[ao + 1]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c12 = x1.fma(b2, c12);
      FloatVector x2 = FloatVector.broadcast(FLOATS, ap[ao + 2]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c22 = x2.fma(b2, c22);
      FloatVector x3 = FloatVector.broadcast(FLOATS, ap[ao + 3]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
      c32 = x3.fma(b2, c32);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + LANES);
    c02.intoArray(c, ci + 2 * LANES);
    c10.intoArray(c, ci + 1 * ldc);
    c11.intoArray(c, ci + 1 * ldc + LANES);
    c12.intoArray(c, ci + 1 * ldc + 2 * LANES);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + LANES);
    c22.intoArray(c, ci + 2 * ldc + 2 * LANES);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + LANES);
    c32.intoArray(c, ci + 3 * ldc + 2 * LANES);
  }

  static void kernel4x3vRows(int kc, float[] a, int ai, int lda, float[] bp, int bi,
      float[] c, int ci, int ldc, boolean load) {
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
    if (load) {
      c00 = FloatVector.fromArray(FLOATS, c, ci);
      c01 = FloatVector.fromArray(FLOATS, c, ci + LANES);
      c02 = FloatVector.fromArray(FLOATS, c, ci + 2 * LANES);
      c10 = FloatVector.fromArray(FLOATS, c, ci + 1 * ldc);
      c11 = FloatVector.fromArray(FLOATS, c, ci + 1 * ldc + LANES);
      c12 = FloatVector.fromArray(FLOATS, c, ci + 1 * ldc + 2 * LANES);
      c20 = FloatVector.fromArray(FLOATS, c, ci + 2 * ldc);
      c21 = FloatVector.fromArray(FLOATS, c, ci + 2 * ldc + LANES);
      c22 = FloatVector.fromArray(FLOATS, c, ci + 2 * ldc + 2 * LANES);
      c30 = FloatVector.fromArray(FLOATS, c, ci + 3 * ldc);
      c31 = FloatVector.fromArray(FLOATS, c, ci + 3 * ldc + LANES);
      c32 = FloatVector.fromArray(FLOATS, c, ci + 3 * ldc + 2 * LANES);
    } else {
      c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = FloatVector.zero(FLOATS);
    }
    int a1 = ai + 1 * lda;
    int a2 = ai + 2 * lda;
    int a3 = ai + 3 * lda;
    for (int p = 0; p < kc; p++) {
      int bo = bi + p * PANEL;
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bo);
      FloatVector b1 = FloatVector.fromArray(FLOATS, bp, bo + LANES);
      FloatVector b2 = FloatVector.fromArray(FLOATS, bp, bo + 2 * LANES);
      FloatVector x0 = FloatVector.broadcast(FLOATS, a[ai + p]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c02 = x0.fma(b2, c02);
      FloatVector x1 = FloatVector.broadcast(FLOATS, a[a1 + p]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c12 = x1.fma(b2, c12);
      FloatVector x2 = FloatVector.broadcast(FLOATS, a[a2 + p]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c22 = x2.fma(b2, c22);
      FloatVector x3 = FloatVector.broadcast(FLOATS, a[a3 + p]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
      c32 = x3.fma(b2, c32);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + LANES);
    c02.intoArray(c, ci + 2 * LANES);
    c10.intoArray(c, ci + 1 * ldc);
    c11.intoArray(c, ci + 1 * ldc + LANES);
    c12.intoArray(c, ci + 1 * ldc + 2 * LANES);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + LANES);
    c22.intoArray(c, ci + 2 * ldc + 2 * LANES);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + LANES);
    c32.intoArray(c, ci + 3 * ldc + 2 * LANES);
  }
}
