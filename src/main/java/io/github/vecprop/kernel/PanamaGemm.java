package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.GemmParams.KC;
import static io.github.vecprop.kernel.GemmParams.MR;
import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;
import static io.github.vecprop.kernel.VectorConstants.PANEL;

import jdk.incubator.vector.FloatVector;

/**
 * The GEMM driver of the Vector API kernels: one driver for the three forms. A is read through
 * (row stride, column stride), so Aᵀ costs nothing; B is packed panel by panel into K-major order,
 * which is also where Bᵀ is read, so no form builds a transposed copy of a whole operand.
 *
 * <p>Arithmetic: every C element is one FMA chain along k in increasing k, from its old value
 * (accumulate) or +0, as in {@link ScalarKernelSupport}: a K block continues the chain through
 * the C element it stored, and every path below (register tiles, ragged tiles through the scratch
 * tile, the Aᵀ edge columns, the few-rows path, tiny products on the twin) computes each element
 * on its own. The edge columns of a row-major product are dot products in the fixed order of
 * {@link ScalarGemm#dotColumns}, in the driver and in the few-rows path alike. So neither the blocking, nor the batch a row is in, nor the thread that computes it
 * changes a bit.
 */
final class PanamaGemm {
  private PanamaGemm() {}

  private static final ScalarKernelSupport TWIN = ScalarKernelSupport.INSTANCE;

  static void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, boolean accumulate) {
    if ((long) m * n * k < GemmParams.SMALL_FLOPS) {
      TWIN.gemm(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    } else if (m < MR) {
      fewRows(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    } else {
      split(m, n, k, a, aOff, k, 1, false, b, bOff, false, c, cOff, accumulate);
    }
  }

  static void gemmTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    if ((long) m * n * k < GemmParams.SMALL_FLOPS) {
      TWIN.gemmTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    } else {
      split(m, n, k, a, aOff, 1, m, true, b, bOff, false, c, cOff, accumulate);
    }
  }

  static void gemmTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    if ((long) m * n * k < GemmParams.SMALL_FLOPS) {
      TWIN.gemmTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
    } else {
      split(m, n, k, a, aOff, k, 1, false, b, bOff, true, c, cOff, accumulate);
    }
  }

  /** Large products go to the GEMM threads by blocks of rows; the rest run here. */
  private static void split(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      boolean transA, float[] b, int bOff, boolean transB, float[] c, int cOff,
      boolean accumulate) {
    if (!GemmThreads.worthIt((long) m * n * k, m)) {
      drive(m, n, k, a, aOff, ars, acs, transA, b, bOff, transB, c, cOff, accumulate);
      return;
    }
    GemmThreads.run(m, (from, to) -> drive(to - from, n, k, a, aOff + from * ars, ars, acs,
        transA, b, bOff, transB, c, cOff + from * n, accumulate));
  }

  /**
   * Fewer than MR rows of a row-major A·B (one image at a time): B is read where it lies, vectors
   * along N with each A value broadcast, three vectors a K step (three chains in flight), then
   * single vectors, then the last columns as scalar chains. Packing B and a mostly empty 8-row
   * tile would cost more than the product.
   */
  private static void fewRows(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    // Columns [0, nc) as FMA chains; the edge columns past them as dot products, as in a batch.
    int nc = n - ScalarGemm.edgeColumns(n, k);
    int nb = FLOATS.loopBound(nc);
    for (int i = 0; i < m; i++) {
      int ai = aOff + i * k;
      int ci = cOff + i * n;
      int j = 0;
      for (; j + 3 * LANES <= nc; j += 3 * LANES) {
        FloatVector s0 = start(c, ci + j, accumulate);
        FloatVector s1 = start(c, ci + j + LANES, accumulate);
        FloatVector s2 = start(c, ci + j + 2 * LANES, accumulate);
        for (int p = 0, bp = bOff + j; p < k; p++, bp += n) {
          FloatVector x = FloatVector.broadcast(FLOATS, a[ai + p]);
          s0 = x.fma(FloatVector.fromArray(FLOATS, b, bp), s0);
          s1 = x.fma(FloatVector.fromArray(FLOATS, b, bp + LANES), s1);
          s2 = x.fma(FloatVector.fromArray(FLOATS, b, bp + 2 * LANES), s2);
        }
        s0.intoArray(c, ci + j);
        s1.intoArray(c, ci + j + LANES);
        s2.intoArray(c, ci + j + 2 * LANES);
      }
      for (; j < nb; j += LANES) {
        FloatVector s0 = start(c, ci + j, accumulate);
        for (int p = 0, bp = bOff + j; p < k; p++, bp += n) {
          s0 = FloatVector.broadcast(FLOATS, a[ai + p]).fma(FloatVector.fromArray(FLOATS, b, bp),
              s0);
        }
        s0.intoArray(c, ci + j);
      }
      for (; j < nc; j++) {
        float s = accumulate ? c[ci + j] : 0f;
        for (int p = 0, bp = bOff + j; p < k; p++, bp += n) {
          s = Math.fma(a[ai + p], b[bp], s);
        }
        c[ci + j] = s;
      }
    }
    if (nc < n) {
      PanamaGemmEdges.dotColumns(m, n, k, nc, a, aOff, k, b, bOff, false, c, cOff, accumulate,
          Scratch.get());
    }
  }


  private static FloatVector start(float[] c, int at, boolean accumulate) {
    return accumulate ? FloatVector.fromArray(FLOATS, c, at) : FloatVector.zero(FLOATS);
  }

  /**
   * Goto-style blocking. For each block of K (≤ KC) and of N (≤ NC): B is packed into K-major
   * panels of 3 vectors (48 floats with AVX-512; single vectors for the remainder, zero-padded);
   * then every (8 rows of A, B panel) pair runs one register tile ({@link PanamaGemmTiles}).
   * Row-major A is read in place through eight row pointers; Aᵀ is read in place too, eight
   * adjacent floats a K step, one column stride apart; only a ragged last block of rows is packed
   * into an 8-row micro-panel (A(i, p) at {@code ap[p·8 + r]}). The last 1–4 columns go to
   * {@link PanamaGemmEdges} instead of a mostly padded panel: dot products for row-major A (the
   * shape's edge columns), vectors down M for Aᵀ.
   * A(i, p) is {@code a[aOff + i·ars + p·acs]}; B(p, j) is {@code b[bOff + p·n + j]}, or
   * {@code b[bOff + j·k + p]} when {@code transB}.
   */
  private static void drive(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      boolean transA, float[] b, int bOff, boolean transB, float[] c, int cOff,
      boolean accumulate) {
    Scratch s = Scratch.get();
    int nPanels = n - PanamaGemmEdges.count(n, k, transA);
    int kBlocks = (k + KC - 1) / KC;
    int kc = (k + kBlocks - 1) / kBlocks;
    int nc = Math.min(roundUp(nPanels, PANEL), GemmParams.NC);
    int mc = Math.min(roundUp(m, MR), GemmParams.MC);
    float[] ap = s.a(kc * mc);
    if (nPanels <= nc && (long) kBlocks * kc * nc <= GemmParams.B_RESIDENT) {
      // Narrow B (the seed's N = 50): all of it packed once, then row blocks outermost, each
      // block of A read for every K block and its edge columns while it is still in cache. The
      // other order read a 60 000-row A from memory twice and C three times, 74 GFLOP/s.
      float[] bp = s.b(kBlocks * kc * nc);
      for (int pc = 0, q = 0; pc < k; pc += kc, q++) {
        packB(b, bOff, n, k, transB, pc, Math.min(kc, k - pc), 0, nPanels, bp, q * kc * nc);
      }
      for (int ic = 0; ic < m; ic += mc) {
        int mcur = Math.min(mc, m - ic);
        for (int pc = 0, q = 0; pc < k; pc += kc, q++) {
          block(ic, mcur, pc, Math.min(kc, k - pc), 0, nPanels, n, a, aOff, ars, acs, ap, bp,
              q * kc * nc, c, cOff, accumulate || pc > 0, s);
        }
        if (nPanels < n) {
          edges(mcur, n, k, nPanels, a, aOff + ic * ars, ars, acs, transA, b, bOff, transB, c,
              cOff + ic * n, accumulate, s);
        }
      }
      return;
    }
    if (nPanels < n) {
      edges(m, n, k, nPanels, a, aOff, ars, acs, transA, b, bOff, transB, c, cOff, accumulate,
          s);
    }
    float[] bp = s.b(kc * nc);
    for (int jc = 0; jc < nPanels; jc += nc) {
      int ncur = Math.min(nc, nPanels - jc);
      for (int pc = 0; pc < k; pc += kc) {
        int kcur = Math.min(kc, k - pc);
        packB(b, bOff, n, k, transB, pc, kcur, jc, ncur, bp, 0);
        for (int ic = 0; ic < m; ic += mc) {
          block(ic, Math.min(mc, m - ic), pc, kcur, jc, ncur, n, a, aOff, ars, acs, ap, bp, 0, c,
              cOff, accumulate || pc > 0, s);
        }
      }
    }
  }

  /**
   * C rows [ic, ic+mcur) × columns [jc, jc+ncur) += A rows × columns [pc, pc+kcur) · the packed B
   * panels at bp[bpOff…] (C is overwritten instead when {@code load} is false): one register
   * tile per 8 rows and panel.
   */
  private static void block(int ic, int mcur, int pc, int kcur, int jc, int ncur, int n,
      float[] a, int aOff, int ars, int acs, float[] ap, float[] bp, int bpOff, float[] c,
      int cOff, boolean load, Scratch s) {
    boolean rowsInPlace = acs == 1;
    // Aᵀ (gemmTransA): the 8 rows of a tile are 8 adjacent floats at every K step, so full
    // tiles read A where it lies, one step of acs per K step; packing it cost 23 µs of
    // dW's 70 in the seed's step.
    boolean colsInPlace = ars == 1 && !rowsInPlace;
    int ragged = mcur / MR * MR;
    if (!rowsInPlace && !colsInPlace) {
      packA(a, aOff, ars, acs, ic, mcur, pc, kcur, ap);
    } else if (ragged < mcur) {
      // A ragged last row block: its rows packed once, zero-padded to MR, for every panel.
      packA(a, aOff, ars, acs, ic + ragged, mcur - ragged, pc, kcur, ap);
    }
    for (int jr = 0; jr < ncur; ) {
      int width = ncur - jr >= PANEL ? PANEL : LANES;
      int w = Math.min(width, ncur - jr);
      int bi = bpOff + jr * kcur;
      for (int ir = 0; ir < mcur; ir += MR) {
        int rows = Math.min(MR, mcur - ir);
        int ci = cOff + (ic + ir) * n + jc + jr;
        if (rowsInPlace && rows == MR) {
          PanamaGemmTiles.tileRows(width, w, kcur, a, aOff + (ic + ir) * ars + pc, ars, bp, bi, c,
              ci, n, load, s.tile);
        } else if (colsInPlace && rows == MR) {
          PanamaGemmTiles.tile(rows, width, w, kcur, a, aOff + ic + ir + pc * acs, acs, bp, bi, c,
              ci, n, load, s.tile);
        } else {
          int ai = rowsInPlace || colsInPlace ? 0 : ir * kcur;
          PanamaGemmTiles.tile(rows, width, w, kcur, ap, ai, MR, bp, bi, c, ci, n, load, s.tile);
        }
      }
      jr += w;
    }
  }

  /** The columns past the panels: dot products for row-major A, vectors down M for Aᵀ. */
  private static void edges(int m, int n, int k, int j0, float[] a, int aOff, int ars, int acs,
      boolean transA, float[] b, int bOff, boolean transB, float[] c, int cOff,
      boolean accumulate, Scratch s) {
    if (!transA) {
      PanamaGemmEdges.dotColumns(m, n, k, j0, a, aOff, ars, b, bOff, transB, c, cOff, accumulate,
          s);
    } else {
      PanamaGemmEdges.columns(m, n, k, j0, a, aOff, acs, b, bOff, c, cOff, accumulate, s.lanes);
    }
  }

  private static int roundUp(int x, int q) {
    return (x + q - 1) / q * q;
  }

  /**
   * A rows [ic, ic+mc) × columns [pc, pc+kc) into 8-row micro-panels, rows past m zero-filled
   * (the driver packs only ragged last row blocks).
   */
  private static void packA(float[] a, int aOff, int ars, int acs, int ic, int mc, int pc, int kc,
      float[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int rows = Math.min(MR, mc - ir);
      int base = ir * kc;
      for (int p = 0; p < kc; p++) {
        int dst = base + p * MR;
        for (int r = 0; r < MR; r++) {
          ap[dst + r] = r < rows ? a[aOff + (ic + ir + r) * ars + (pc + p) * acs] : 0f;
        }
      }
    }
  }

  /**
   * B rows [pc, pc+kc) × columns [jc, jc+nc) into K-major panels of 48 (then 16) floats, the last
   * zero-padded. Panel q starts at {@code bpOff + jr·kc}, jr its first column.
   */
  private static void packB(float[] b, int bOff, int n, int k, boolean transB, int pc, int kc,
      int jc, int nc, float[] bp, int bpOff) {
    for (int jr = 0; jr < nc; ) {
      int width = nc - jr >= PANEL ? PANEL : LANES;
      int w = Math.min(width, nc - jr);
      int base = bpOff + jr * kc;
      if (transB) {
        int jj = 0;
        for (; jj + 8 <= w; jj += 8) {
          packRows8(b, bOff + (jc + jr + jj) * k + pc, k, kc, bp, base + jj, width);
        }
        for (; jj < w; jj++) {
          int src = bOff + (jc + jr + jj) * k + pc;
          for (int p = 0; p < kc; p++) {
            bp[base + p * width + jj] = b[src + p];
          }
        }
        if (w < width) {
          for (int p = 0; p < kc; p++) {
            java.util.Arrays.fill(bp, base + p * width + w, base + (p + 1) * width, 0f);
          }
        }
      } else {
        // arraycopy, not vector loads: packB runs only a few times per large product, so it can
        // stay in C1 code, where every Vector API value is an object (225 KB a 60 000-row call).
        for (int p = 0; p < kc; p++) {
          int dst = base + p * width;
          System.arraycopy(b, bOff + (pc + p) * n + jc + jr, bp, dst, w);
          if (w < width) {
            java.util.Arrays.fill(bp, dst + w, dst + width, 0f);
          }
        }
      }
      jr += w;
    }
  }

  /**
   * Eight rows of the stored Bᵀ (each k long, from {@code src}) into eight adjacent panel columns
   * from {@code dst}, {@code kc} K steps, {@code width} floats a step: the eight rows are read side
   * by side, so each K step writes eight adjacent floats rather than one float a panel row apart.
   */
  private static void packRows8(float[] b, int src, int k, int kc, float[] bp, int dst,
      int width) {
    for (int p = 0, d = dst, s = src; p < kc; p++, d += width, s++) {
      bp[d] = b[s];
      bp[d + 1] = b[s + k];
      bp[d + 2] = b[s + 2 * k];
      bp[d + 3] = b[s + 3 * k];
      bp[d + 4] = b[s + 4 * k];
      bp[d + 5] = b[s + 5 * k];
      bp[d + 6] = b[s + 6 * k];
      bp[d + 7] = b[s + 7 * k];
    }
  }
}
