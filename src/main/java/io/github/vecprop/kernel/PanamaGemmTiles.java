package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.GemmParams.MR;
import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;
import static io.github.vecprop.kernel.VectorConstants.PANEL;
import static io.github.vecprop.kernel.VectorConstants.SPLIT_TILES;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM register tiles and the one place their ragged edges are handled.
 *
 * <p>Each tile keeps MR × (1 or 3) vectors of C in registers and runs one FMA chain per element
 * along its K block, in increasing k, starting from C (when {@code load}) or +0: the arithmetic
 * {@link KernelSupport} fixes, whatever the tile.
 *
 * <p><b>Two copies of each tile, on purpose</b> (the marked block below). {@code kernel8x3v} and
 * {@code kernel8x1v} read the 8 A values of step p at {@code ap[ai + p·as + r]} (a packed
 * micro-panel, as = MR, or Aᵀ in place, as = its row stride); {@code kernel8x3vRows} and
 * {@code kernel8x1vRows} read row-major A in place through eight row pointers fixed for the K
 * loop, so every index is (invariant + p) and C2 hoists the range checks out of the loop. With
 * both strides parameters (one tile for every layout), C2 keeps a range check per load: ~20 %
 * slower in an L1 probe of the seed's forward product, measured on the Intel VM when the copies
 * were introduced (2026-11). Not re-measured since; the split into this file moved them unchanged
 * (GemmBench before and after the split: README, performance).
 *
 * <p>On a CPU with 16 vector registers the 8 × 3 tile of packed or row-major A runs as two 4 × 3
 * halves of {@link PanamaGemmTiles16} ({@link VectorConstants#SPLIT_TILES}); Aᵀ read in place keeps
 * the 8-row tile there too, since a second pass over its 8 strided columns cost more than the
 * spills (GemmBench 784×50×100 on AVX2: 246 µs whole, 379 µs in halves).
 */
final class PanamaGemmTiles {
  private PanamaGemmTiles() {}

  /**
   * One register tile. A full tile goes straight to C; a ragged one (fewer rows than MR, or a
   * panel wider than the columns left) is computed into the scratch tile and the valid part
   * copied, through {@link #edgeIn} and {@link #edgeOut}: the only place edges are handled.
   */
  static void tile(int rows, int width, int w, int kc, float[] ap, int ai, int as,
      float[] bp, int bi, float[] c, int ci, int ldc, boolean load, float[] t) {
    if (rows == MR && w == width) {
      micro(width, kc, ap, ai, as, bp, bi, c, ci, ldc, load);
      return;
    }
    edgeIn(c, ci, ldc, t, width, rows, w, load);
    micro(width, kc, ap, ai, as, bp, bi, t, 0, width, load);
    edgeOut(t, width, c, ci, ldc, rows, w);
  }

  /** A full 8-row tile reading A in place; a ragged right edge goes through the scratch tile. */
  static void tileRows(int width, int w, int kc, float[] a, int ai, int lda, float[] bp,
      int bi, float[] c, int ci, int ldc, boolean load, float[] t) {
    if (w == width) {
      microRows(width, kc, a, ai, lda, bp, bi, c, ci, ldc, load);
      return;
    }
    edgeIn(c, ci, ldc, t, width, MR, w, load);
    microRows(width, kc, a, ai, lda, bp, bi, t, 0, width, load);
    edgeOut(t, width, c, ci, ldc, MR, w);
  }

  /** The valid w × rows corner of C into the scratch tile (row stride width), when accumulating. */
  private static void edgeIn(float[] c, int ci, int ldc, float[] t, int width, int rows, int w,
      boolean load) {
    if (load) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(c, ci + r * ldc, t, r * width, w);
      }
    }
  }

  /** The valid w × rows corner of the scratch tile back into C. */
  private static void edgeOut(float[] t, int width, float[] c, int ci, int ldc, int rows, int w) {
    for (int r = 0; r < rows; r++) {
      System.arraycopy(t, r * width, c, ci + r * ldc, w);
    }
  }

  private static void microRows(int width, int kc, float[] a, int ai, int lda, float[] bp, int bi,
      float[] c, int ci, int ldc, boolean load) {
    if (width == PANEL && SPLIT_TILES) {
      PanamaGemmTiles16.kernel4x3vRows(kc, a, ai, lda, bp, bi, c, ci, ldc, load);
      PanamaGemmTiles16.kernel4x3vRows(kc, a, ai + 4 * lda, lda, bp, bi, c, ci + 4 * ldc, ldc,
          load);
    } else if (width == PANEL) {
      kernel8x3vRows(kc, a, ai, lda, bp, bi, c, ci, ldc, load);
    } else {
      kernel8x1vRows(kc, a, ai, lda, bp, bi, c, ci, ldc, load);
    }
  }

  /** A tile whose 8 A values of step p are ap[ai + p·as + r]: as = MR packed, acs for Aᵀ. */
  private static void micro(int width, int kc, float[] ap, int ai, int as, float[] bp, int bi,
      float[] c, int ci, int ldc, boolean load) {
    if (width == PANEL && SPLIT_TILES && as == MR) {
      PanamaGemmTiles16.kernel4x3v(kc, ap, ai, as, bp, bi, c, ci, ldc, load);
      PanamaGemmTiles16.kernel4x3v(kc, ap, ai + 4, as, bp, bi, c, ci + 4 * ldc, ldc, load);
    } else if (width == PANEL) {
      kernel8x3v(kc, ap, ai, as, bp, bi, c, ci, ldc, load);
    } else {
      kernel8x1v(kc, ap, ai, as, bp, bi, c, ci, ldc, load);
    }
  }

  // ==========================================================================================
  // BEGIN register tiles (two copies per shape: packed/strided A, and row-major A in place).
  // ==========================================================================================

  // Register tiles: 8 rows × 3 vectors is 24 accumulators + 3 B vectors + 1 broadcast = 28 of the
  // 32 zmm registers. Each K step issues 3 vector loads and 8 broadcast loads for 24 FMAs, which
  // keeps the FMA ports, not the loads or the front end, the bottleneck. (4×3v, tried first, had
  // 12 FMAs against 7 loads and ~30 other instructions and ran at ~60% of the 8×3v speed.)
  private static void kernel8x3v(int kc, float[] ap, int ai, int as, float[] bp, int bi, float[] c,
      int ci, int ldc, boolean load) {
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32, c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
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
      c40 = FloatVector.fromArray(FLOATS, c, ci + 4 * ldc);
      c41 = FloatVector.fromArray(FLOATS, c, ci + 4 * ldc + LANES);
      c42 = FloatVector.fromArray(FLOATS, c, ci + 4 * ldc + 2 * LANES);
      c50 = FloatVector.fromArray(FLOATS, c, ci + 5 * ldc);
      c51 = FloatVector.fromArray(FLOATS, c, ci + 5 * ldc + LANES);
      c52 = FloatVector.fromArray(FLOATS, c, ci + 5 * ldc + 2 * LANES);
      c60 = FloatVector.fromArray(FLOATS, c, ci + 6 * ldc);
      c61 = FloatVector.fromArray(FLOATS, c, ci + 6 * ldc + LANES);
      c62 = FloatVector.fromArray(FLOATS, c, ci + 6 * ldc + 2 * LANES);
      c70 = FloatVector.fromArray(FLOATS, c, ci + 7 * ldc);
      c71 = FloatVector.fromArray(FLOATS, c, ci + 7 * ldc + LANES);
      c72 = FloatVector.fromArray(FLOATS, c, ci + 7 * ldc + 2 * LANES);
    } else {
      c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = FloatVector.zero(FLOATS);
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
      FloatVector x4 = FloatVector.broadcast(FLOATS, ap[ao + 4]);
      c40 = x4.fma(b0, c40);
      c41 = x4.fma(b1, c41);
      c42 = x4.fma(b2, c42);
      FloatVector x5 = FloatVector.broadcast(FLOATS, ap[ao + 5]);
      c50 = x5.fma(b0, c50);
      c51 = x5.fma(b1, c51);
      c52 = x5.fma(b2, c52);
      FloatVector x6 = FloatVector.broadcast(FLOATS, ap[ao + 6]);
      c60 = x6.fma(b0, c60);
      c61 = x6.fma(b1, c61);
      c62 = x6.fma(b2, c62);
      FloatVector x7 = FloatVector.broadcast(FLOATS, ap[ao + 7]);
      c70 = x7.fma(b0, c70);
      c71 = x7.fma(b1, c71);
      c72 = x7.fma(b2, c72);
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
    c40.intoArray(c, ci + 4 * ldc);
    c41.intoArray(c, ci + 4 * ldc + LANES);
    c42.intoArray(c, ci + 4 * ldc + 2 * LANES);
    c50.intoArray(c, ci + 5 * ldc);
    c51.intoArray(c, ci + 5 * ldc + LANES);
    c52.intoArray(c, ci + 5 * ldc + 2 * LANES);
    c60.intoArray(c, ci + 6 * ldc);
    c61.intoArray(c, ci + 6 * ldc + LANES);
    c62.intoArray(c, ci + 6 * ldc + 2 * LANES);
    c70.intoArray(c, ci + 7 * ldc);
    c71.intoArray(c, ci + 7 * ldc + LANES);
    c72.intoArray(c, ci + 7 * ldc + 2 * LANES);
  }

  private static void kernel8x1v(int kc, float[] ap, int ai, int as, float[] bp, int bi, float[] c,
      int ci, int ldc, boolean load) {
    FloatVector c00, c10, c20, c30, c40, c50, c60, c70;
    if (load) {
      c00 = FloatVector.fromArray(FLOATS, c, ci);
      c10 = FloatVector.fromArray(FLOATS, c, ci + 1 * ldc);
      c20 = FloatVector.fromArray(FLOATS, c, ci + 2 * ldc);
      c30 = FloatVector.fromArray(FLOATS, c, ci + 3 * ldc);
      c40 = FloatVector.fromArray(FLOATS, c, ci + 4 * ldc);
      c50 = FloatVector.fromArray(FLOATS, c, ci + 5 * ldc);
      c60 = FloatVector.fromArray(FLOATS, c, ci + 6 * ldc);
      c70 = FloatVector.fromArray(FLOATS, c, ci + 7 * ldc);
    } else {
      c00 = c10 = c20 = c30 = c40 = c50 = c60 = c70 = FloatVector.zero(FLOATS);
    }
    for (int p = 0; p < kc; p++) {
      int bo = bi + p * LANES;
      int ao = ai + p * as;
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bo);
      FloatVector x0 = FloatVector.broadcast(FLOATS, ap[ao]);
      c00 = x0.fma(b0, c00);
      FloatVector x1 = FloatVector.broadcast(FLOATS, ap[ao + 1]);
      c10 = x1.fma(b0, c10);
      FloatVector x2 = FloatVector.broadcast(FLOATS, ap[ao + 2]);
      c20 = x2.fma(b0, c20);
      FloatVector x3 = FloatVector.broadcast(FLOATS, ap[ao + 3]);
      c30 = x3.fma(b0, c30);
      FloatVector x4 = FloatVector.broadcast(FLOATS, ap[ao + 4]);
      c40 = x4.fma(b0, c40);
      FloatVector x5 = FloatVector.broadcast(FLOATS, ap[ao + 5]);
      c50 = x5.fma(b0, c50);
      FloatVector x6 = FloatVector.broadcast(FLOATS, ap[ao + 6]);
      c60 = x6.fma(b0, c60);
      FloatVector x7 = FloatVector.broadcast(FLOATS, ap[ao + 7]);
      c70 = x7.fma(b0, c70);
    }
    c00.intoArray(c, ci);
    c10.intoArray(c, ci + 1 * ldc);
    c20.intoArray(c, ci + 2 * ldc);
    c30.intoArray(c, ci + 3 * ldc);
    c40.intoArray(c, ci + 4 * ldc);
    c50.intoArray(c, ci + 5 * ldc);
    c60.intoArray(c, ci + 6 * ldc);
    c70.intoArray(c, ci + 7 * ldc);
  }

  // The same tiles reading A in place, row-major with leading dimension lda: eight row pointers
  // fixed for the K loop, so every index is (invariant + p) and C2 hoists the range checks as it
  // does for the packed form. Used for A·B and A·Bᵀ, where packing A would be a strided scatter
  // costing about as much as the multiply for the seed's 100×784 input.
  private static void kernel8x3vRows(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c,
      int ci, int ldc, boolean load) {
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32, c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
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
      c40 = FloatVector.fromArray(FLOATS, c, ci + 4 * ldc);
      c41 = FloatVector.fromArray(FLOATS, c, ci + 4 * ldc + LANES);
      c42 = FloatVector.fromArray(FLOATS, c, ci + 4 * ldc + 2 * LANES);
      c50 = FloatVector.fromArray(FLOATS, c, ci + 5 * ldc);
      c51 = FloatVector.fromArray(FLOATS, c, ci + 5 * ldc + LANES);
      c52 = FloatVector.fromArray(FLOATS, c, ci + 5 * ldc + 2 * LANES);
      c60 = FloatVector.fromArray(FLOATS, c, ci + 6 * ldc);
      c61 = FloatVector.fromArray(FLOATS, c, ci + 6 * ldc + LANES);
      c62 = FloatVector.fromArray(FLOATS, c, ci + 6 * ldc + 2 * LANES);
      c70 = FloatVector.fromArray(FLOATS, c, ci + 7 * ldc);
      c71 = FloatVector.fromArray(FLOATS, c, ci + 7 * ldc + LANES);
      c72 = FloatVector.fromArray(FLOATS, c, ci + 7 * ldc + 2 * LANES);
    } else {
      c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = FloatVector.zero(FLOATS);
    }
    int a1 = ai + 1 * lda;
    int a2 = ai + 2 * lda;
    int a3 = ai + 3 * lda;
    int a4 = ai + 4 * lda;
    int a5 = ai + 5 * lda;
    int a6 = ai + 6 * lda;
    int a7 = ai + 7 * lda;
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
      FloatVector x4 = FloatVector.broadcast(FLOATS, a[a4 + p]);
      c40 = x4.fma(b0, c40);
      c41 = x4.fma(b1, c41);
      c42 = x4.fma(b2, c42);
      FloatVector x5 = FloatVector.broadcast(FLOATS, a[a5 + p]);
      c50 = x5.fma(b0, c50);
      c51 = x5.fma(b1, c51);
      c52 = x5.fma(b2, c52);
      FloatVector x6 = FloatVector.broadcast(FLOATS, a[a6 + p]);
      c60 = x6.fma(b0, c60);
      c61 = x6.fma(b1, c61);
      c62 = x6.fma(b2, c62);
      FloatVector x7 = FloatVector.broadcast(FLOATS, a[a7 + p]);
      c70 = x7.fma(b0, c70);
      c71 = x7.fma(b1, c71);
      c72 = x7.fma(b2, c72);
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
    c40.intoArray(c, ci + 4 * ldc);
    c41.intoArray(c, ci + 4 * ldc + LANES);
    c42.intoArray(c, ci + 4 * ldc + 2 * LANES);
    c50.intoArray(c, ci + 5 * ldc);
    c51.intoArray(c, ci + 5 * ldc + LANES);
    c52.intoArray(c, ci + 5 * ldc + 2 * LANES);
    c60.intoArray(c, ci + 6 * ldc);
    c61.intoArray(c, ci + 6 * ldc + LANES);
    c62.intoArray(c, ci + 6 * ldc + 2 * LANES);
    c70.intoArray(c, ci + 7 * ldc);
    c71.intoArray(c, ci + 7 * ldc + LANES);
    c72.intoArray(c, ci + 7 * ldc + 2 * LANES);
  }

  private static void kernel8x1vRows(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c,
      int ci, int ldc, boolean load) {
    FloatVector c00, c10, c20, c30, c40, c50, c60, c70;
    if (load) {
      c00 = FloatVector.fromArray(FLOATS, c, ci);
      c10 = FloatVector.fromArray(FLOATS, c, ci + 1 * ldc);
      c20 = FloatVector.fromArray(FLOATS, c, ci + 2 * ldc);
      c30 = FloatVector.fromArray(FLOATS, c, ci + 3 * ldc);
      c40 = FloatVector.fromArray(FLOATS, c, ci + 4 * ldc);
      c50 = FloatVector.fromArray(FLOATS, c, ci + 5 * ldc);
      c60 = FloatVector.fromArray(FLOATS, c, ci + 6 * ldc);
      c70 = FloatVector.fromArray(FLOATS, c, ci + 7 * ldc);
    } else {
      c00 = c10 = c20 = c30 = c40 = c50 = c60 = c70 = FloatVector.zero(FLOATS);
    }
    int a1 = ai + 1 * lda;
    int a2 = ai + 2 * lda;
    int a3 = ai + 3 * lda;
    int a4 = ai + 4 * lda;
    int a5 = ai + 5 * lda;
    int a6 = ai + 6 * lda;
    int a7 = ai + 7 * lda;
    for (int p = 0; p < kc; p++) {
      int bo = bi + p * LANES;
      FloatVector b0 = FloatVector.fromArray(FLOATS, bp, bo);
      FloatVector x0 = FloatVector.broadcast(FLOATS, a[ai + p]);
      c00 = x0.fma(b0, c00);
      FloatVector x1 = FloatVector.broadcast(FLOATS, a[a1 + p]);
      c10 = x1.fma(b0, c10);
      FloatVector x2 = FloatVector.broadcast(FLOATS, a[a2 + p]);
      c20 = x2.fma(b0, c20);
      FloatVector x3 = FloatVector.broadcast(FLOATS, a[a3 + p]);
      c30 = x3.fma(b0, c30);
      FloatVector x4 = FloatVector.broadcast(FLOATS, a[a4 + p]);
      c40 = x4.fma(b0, c40);
      FloatVector x5 = FloatVector.broadcast(FLOATS, a[a5 + p]);
      c50 = x5.fma(b0, c50);
      FloatVector x6 = FloatVector.broadcast(FLOATS, a[a6 + p]);
      c60 = x6.fma(b0, c60);
      FloatVector x7 = FloatVector.broadcast(FLOATS, a[a7 + p]);
      c70 = x7.fma(b0, c70);
    }
    c00.intoArray(c, ci);
    c10.intoArray(c, ci + 1 * ldc);
    c20.intoArray(c, ci + 2 * ldc);
    c30.intoArray(c, ci + 3 * ldc);
    c40.intoArray(c, ci + 4 * ldc);
    c50.intoArray(c, ci + 5 * ldc);
    c60.intoArray(c, ci + 6 * ldc);
    c70.intoArray(c, ci + 7 * ldc);
  }

  // ==========================================================================================
  // END register tiles.
  // ==========================================================================================
}
