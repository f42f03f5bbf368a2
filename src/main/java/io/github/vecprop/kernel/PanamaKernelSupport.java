package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.GemmParams.KC;
import static io.github.vecprop.kernel.GemmParams.MR;
import static io.github.vecprop.kernel.GemmParams.NR_VECTORS;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation. Loaded only by name, after {@link KernelProvider} has checked that
 * the incubator module is present; no other class of the library imports it.
 *
 * <p>Anatomy of every loop: a guard that sends short inputs to the scalar twin, a body up to
 * {@code F.loopBound(n)} (two accumulators where there is a reduction, so two FMA/add chains are in
 * flight), one lane reduction, a scalar tail. Species are static finals and vectors live only in
 * locals, so C2 keeps them in registers: a vector stored in a field or passed around is boxed.
 */
final class PanamaKernelSupport implements KernelSupport {

  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final int L = F.length();
  /** Bytes with as many lanes as F, for the pixel conversion. */
  private static final VectorSpecies<Byte> B =
      VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, F.vectorBitSize() / 4)));
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final int NR = NR_VECTORS * L;
  private static final ScalarKernelSupport SCALAR = ScalarKernelSupport.INSTANCE;

  /** Per-thread packing space: a packed A block, a packed B block and one C tile for edges. */
  private static final class Scratch {
    float[] a = new float[0];
    float[] b = new float[0];
    float[] cols = new float[0];
    final float[] tile = new float[MR * NR];
    /** Room for the 8 accumulators of dotColumns2, and one vector elsewhere. */
    final float[] lanes = new float[8 * L];

    float[] cols(int size) {
      if (cols.length < size) {
        cols = new float[size];
      }
      return cols;
    }

    float[] a(int size) {
      if (a.length < size) {
        a = new float[size];
      }
      return a;
    }

    float[] b(int size) {
      if (b.length < size) {
        b = new float[size];
      }
      return b;
    }
  }

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  PanamaKernelSupport() {
    if (F.vectorBitSize() < 256 || B.length() != L || I.length() != L) {
      throw new UnsupportedOperationException(
          "preferred float vector is " + F.vectorBitSize() + " bits; vecprop needs at least 256");
    }
  }

  static int preferredBits() {
    return F.vectorBitSize();
  }

  @Override
  public String name() {
    return "panama";
  }

  @Override
  public int floatLanes() {
    return L;
  }

  // ------------------------------------------------------------------------------------------
  // GEMM. One driver for the three forms: A is read through (row stride, column stride) so that
  // Aᵀ costs nothing; B is packed panel by panel into K-major order, which is also where Bᵀ is
  // read, so no form ever builds a transposed copy of a whole operand.
  // ------------------------------------------------------------------------------------------

  @Override
  public void gemm(int m, int n, int k, float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, boolean accumulate) {
    if ((long) m * n * k < GemmParams.SMALL_FLOPS) {
      SCALAR.gemm(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      return;
    }
    split(m, n, k, a, aOff, k, 1, b, bOff, false, c, cOff, accumulate);
  }

  @Override
  public void gemmTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    if ((long) m * n * k < GemmParams.SMALL_FLOPS) {
      SCALAR.gemmTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      return;
    }
    split(m, n, k, a, aOff, 1, m, b, bOff, false, c, cOff, accumulate);
  }

  @Override
  public void gemmTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    if ((long) m * n * k < GemmParams.SMALL_FLOPS) {
      SCALAR.gemmTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      return;
    }
    split(m, n, k, a, aOff, k, 1, b, bOff, true, c, cOff, accumulate);
  }

  /** Large products go to the GEMM threads by blocks of rows; the rest run here. */
  private static void split(int m, int n, int k, float[] a, int aOff, int ars, int acs, float[] b,
      int bOff, boolean transB, float[] c, int cOff, boolean accumulate) {
    if (!GemmThreads.worthIt((long) m * n * k)) {
      drive(m, n, k, a, aOff, ars, acs, b, bOff, transB, c, cOff, accumulate);
      return;
    }
    GemmThreads.run(m, (from, to) -> drive(to - from, n, k, a, aOff + from * ars, ars, acs, b,
        bOff, transB, c, cOff + from * n, accumulate));
  }

  /**
   * Goto-style blocking. For each block of K (≤ KC) and of N (≤ NC): B is packed into K-major
   * panels of 3 vectors (48 floats with AVX-512; single vectors for the remainder, zero-padded);
   * then every (8 rows of A, B panel) pair runs one register tile. Row-major A is read in place
   * through eight row pointers; Aᵀ is read in place too, eight adjacent floats a K step, one
   * column stride apart; only a ragged last block of rows is packed into an 8-row micro-panel
   * (A(i, p) at {@code ap[p·8 + r]}). Aᵀ and Bᵀ are read where
   * they lie: no transposed copy of an operand is made. The last 1–4 columns past whole vectors
   * go to {@link #edgeColumns}.
   * A(i, p) is {@code a[aOff + i·ars + p·acs]}; B(p, j) is {@code b[bOff + p·n + j]}, or
   * {@code b[bOff + j·k + p]} when {@code transB}.
   */
  private static void drive(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, boolean transB, float[] c, int cOff, boolean accumulate) {
    Scratch s = SCRATCH.get();
    // A last few columns past whole vectors (N = 50 is 3 vectors + 2) would fill a 16-lane panel
    // with padding; they go to edgeColumns instead, and the panels cover [0, nPanels).
    int nPanels = n - edgeColumnCount(n, k);
    int kBlocks = (k + KC - 1) / KC;
    int kc = (k + kBlocks - 1) / kBlocks;
    int nc = Math.min(roundUp(nPanels, NR), GemmParams.NC);
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
          edgeColumns(mcur, n, k, nPanels, a, aOff + ic * ars, ars, acs, b, bOff, transB, c,
              cOff + ic * n, accumulate, s);
        }
      }
      return;
    }
    if (nPanels < n) {
      edgeColumns(m, n, k, nPanels, a, aOff, ars, acs, b, bOff, transB, c, cOff, accumulate, s);
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
    if (!rowsInPlace && !colsInPlace) {
      packA(a, aOff, ars, acs, ic, mcur, pc, kcur, ap);
    }
    for (int jr = 0; jr < ncur; ) {
      int width = ncur - jr >= NR ? NR : L;
      int w = Math.min(width, ncur - jr);
      int bi = bpOff + jr * kcur;
      for (int ir = 0; ir < mcur; ir += MR) {
        int rows = Math.min(MR, mcur - ir);
        int ci = cOff + (ic + ir) * n + jc + jr;
        if (rowsInPlace && rows == MR) {
          tileRows(width, w, kcur, a, aOff + (ic + ir) * ars + pc, ars, bp, bi, c, ci, n, load,
              s.tile);
        } else if (colsInPlace && rows == MR) {
          tile(rows, width, w, kcur, a, aOff + ic + ir + pc * acs, acs, bp, bi, c, ci, n, load,
              s.tile);
        } else {
          int ai = ir * kcur;
          if (rowsInPlace || colsInPlace) {
            // A ragged last row block: pack just these rows, zero-padded to MR.
            packA(a, aOff, ars, acs, ic + ir, rows, pc, kcur, ap);
            ai = 0;
          }
          tile(rows, width, w, kcur, ap, ai, MR, bp, bi, c, ci, n, load, s.tile);
        }
      }
      jr += w;
    }
  }

  /**
   * How many trailing columns {@link #edgeColumns} takes: the part of N past whole vectors when it
   * is at most {@link GemmParams#EDGE_COLUMNS} and there are whole vectors before it (N ≥ one
   * vector) and K is at least a vector long (the dot products run along K). Otherwise 0.
   */
  static int edgeColumnCount(int n, int k) {
    int r = n % L;
    return n > L && r <= GemmParams.EDGE_COLUMNS && k >= L ? r : 0;
  }

  /**
   * Columns [j0, n) of C, at most {@link GemmParams#EDGE_COLUMNS} of them, over the whole of K.
   * Row-major A: each C element is a dot product along K of an A row and a B column, the B
   * columns first copied K-contiguous. Aᵀ (the rows of A are columns in memory): vectors run
   * down M instead, 16 rows of one column at a time, each B element broadcast.
   */
  private static void edgeColumns(int m, int n, int k, int j0, float[] a, int aOff, int ars,
      int acs, float[] b, int bOff, boolean transB, float[] c, int cOff, boolean accumulate,
      Scratch s) {
    int w = n - j0;
    if (acs == 1) {
      float[] bc = s.cols(w * k);
      for (int jj = 0; jj < w; jj++) {
        int dst = jj * k;
        if (transB) {
          System.arraycopy(b, bOff + (j0 + jj) * k, bc, dst, k);
        } else {
          for (int p = 0, src = bOff + j0 + jj; p < k; p++, src += n) {
            bc[dst + p] = b[src];
          }
        }
      }
      int jj = 0;
      for (; jj + 1 < w; jj += 2) {
        dotColumns2(m, k, a, aOff, ars, bc, jj * k, c, cOff + j0 + jj, n, accumulate, s.lanes);
      }
      if (jj < w) {
        dotColumns1(m, k, a, aOff, ars, bc, jj * k, c, cOff + j0 + jj, n, accumulate, s.lanes);
      }
    } else {
      // Only gemmTransA reads A transposed, and its B is row-major (B(p, j) = b[p·n + j]).
      int jj = 0;
      for (; jj + 1 < w; jj += 2) {
        downColumns2(m, k, a, aOff, acs, b, bOff + j0 + jj, n, c, cOff + j0 + jj, n, accumulate,
            s.lanes);
      }
      if (jj < w) {
        downColumn(m, k, a, aOff, acs, b, bOff + j0 + jj, n, c, cOff + j0 + jj, n, accumulate,
            s.lanes);
      }
    }
  }

  /** Two C columns (c[ci + i·ldc], c[ci + i·ldc + 1]) as dot products, four rows at a time. */
  private static void dotColumns2(int m, int k, float[] a, int aOff, int lda, float[] bc, int bi,
      float[] c, int ci, int ldc, boolean accumulate, float[] lanes) {
    int kb = F.loopBound(k);
    int i = 0;
    for (; i + 4 <= m; i += 4) {
      int a0 = aOff + i * lda;
      int a1 = a0 + lda;
      int a2 = a1 + lda;
      int a3 = a2 + lda;
      FloatVector s00 = FloatVector.zero(F);
      FloatVector s01 = FloatVector.zero(F);
      FloatVector s10 = FloatVector.zero(F);
      FloatVector s11 = FloatVector.zero(F);
      FloatVector s20 = FloatVector.zero(F);
      FloatVector s21 = FloatVector.zero(F);
      FloatVector s30 = FloatVector.zero(F);
      FloatVector s31 = FloatVector.zero(F);
      for (int p = 0; p < kb; p += L) {
        FloatVector b0 = FloatVector.fromArray(F, bc, bi + p);
        FloatVector b1 = FloatVector.fromArray(F, bc, bi + k + p);
        FloatVector x0 = FloatVector.fromArray(F, a, a0 + p);
        FloatVector x1 = FloatVector.fromArray(F, a, a1 + p);
        FloatVector x2 = FloatVector.fromArray(F, a, a2 + p);
        FloatVector x3 = FloatVector.fromArray(F, a, a3 + p);
        s00 = x0.fma(b0, s00);
        s01 = x0.fma(b1, s01);
        s10 = x1.fma(b0, s10);
        s11 = x1.fma(b1, s11);
        s20 = x2.fma(b0, s20);
        s21 = x2.fma(b1, s21);
        s30 = x3.fma(b0, s30);
        s31 = x3.fma(b1, s31);
      }
      s00.intoArray(lanes, 0);
      s01.intoArray(lanes, L);
      s10.intoArray(lanes, 2 * L);
      s11.intoArray(lanes, 3 * L);
      s20.intoArray(lanes, 4 * L);
      s21.intoArray(lanes, 5 * L);
      s30.intoArray(lanes, 6 * L);
      s31.intoArray(lanes, 7 * L);
      float t00 = sumLanes(lanes, 0);
      float t01 = sumLanes(lanes, L);
      float t10 = sumLanes(lanes, 2 * L);
      float t11 = sumLanes(lanes, 3 * L);
      float t20 = sumLanes(lanes, 4 * L);
      float t21 = sumLanes(lanes, 5 * L);
      float t30 = sumLanes(lanes, 6 * L);
      float t31 = sumLanes(lanes, 7 * L);
      for (int p = kb; p < k; p++) {
        float v0 = bc[bi + p];
        float v1 = bc[bi + k + p];
        t00 = Math.fma(a[a0 + p], v0, t00);
        t01 = Math.fma(a[a0 + p], v1, t01);
        t10 = Math.fma(a[a1 + p], v0, t10);
        t11 = Math.fma(a[a1 + p], v1, t11);
        t20 = Math.fma(a[a2 + p], v0, t20);
        t21 = Math.fma(a[a2 + p], v1, t21);
        t30 = Math.fma(a[a3 + p], v0, t30);
        t31 = Math.fma(a[a3 + p], v1, t31);
      }
      int o = ci + i * ldc;
      put(c, o, t00, accumulate);
      put(c, o + 1, t01, accumulate);
      put(c, o + ldc, t10, accumulate);
      put(c, o + ldc + 1, t11, accumulate);
      put(c, o + 2 * ldc, t20, accumulate);
      put(c, o + 2 * ldc + 1, t21, accumulate);
      put(c, o + 3 * ldc, t30, accumulate);
      put(c, o + 3 * ldc + 1, t31, accumulate);
    }
    for (; i < m; i++) {
      dotRow(k, a, aOff + i * lda, bc, bi, c, ci + i * ldc, accumulate, lanes);
      dotRow(k, a, aOff + i * lda, bc, bi + k, c, ci + i * ldc + 1, accumulate, lanes);
    }
  }

  /** One C column as dot products. */
  private static void dotColumns1(int m, int k, float[] a, int aOff, int lda, float[] bc, int bi,
      float[] c, int ci, int ldc, boolean accumulate, float[] lanes) {
    for (int i = 0; i < m; i++) {
      dotRow(k, a, aOff + i * lda, bc, bi, c, ci + i * ldc, accumulate, lanes);
    }
  }

  private static void dotRow(int k, float[] a, int ai, float[] bc, int bi, float[] c, int ci,
      boolean accumulate, float[] lanes) {
    int kb = F.loopBound(k);
    FloatVector acc = FloatVector.zero(F);
    for (int p = 0; p < kb; p += L) {
      acc = FloatVector.fromArray(F, a, ai + p).fma(FloatVector.fromArray(F, bc, bi + p), acc);
    }
    acc.intoArray(lanes, 0);
    float t = sumLanes(lanes, 0);
    for (int p = kb; p < k; p++) {
      t = Math.fma(a[ai + p], bc[bi + p], t);
    }
    put(c, ci, t, accumulate);
  }

  /**
   * The sum of L lanes a vector stored at lanes[off…], in lane order. Not
   * {@code reduceLanes(ADD)}: C2 adds the lanes as a tree and the interpreter and C1 in lane
   * order, so a result changed in its last bits once the JIT compiled the caller
   * (KernelWarmupTest caught it in the edge columns). Float addition in one fixed order rounds
   * the same in every tier. (The vector is stored by the caller: a helper taking the vector
   * itself was not always inlined, and a vector passed to a call is boxed: 225 KB a call.)
   */
  static float sumLanes(float[] lanes, int off) {
    float s = lanes[off];
    for (int l = 1; l < L; l++) {
      s += lanes[off + l];
    }
    return s;
  }

  private static void put(float[] c, int i, float v, boolean accumulate) {
    c[i] = accumulate ? c[i] + v : v;
  }

  /**
   * One C column of Aᵀ·B down M: C(i, j) = Σ_p A(p, i)·B(p, j) with A(p, i) = a[aOff + p·lda + i]
   * and B(p, j) = b[bi + p·ldb]; four vectors (64 rows with AVX-512) at a time, then one, then
   * scalar rows.
   */
  private static void downColumn(int m, int k, float[] a, int aOff, int lda, float[] b, int bi,
      int ldb, float[] c, int ci, int ldc, boolean accumulate, float[] lanes) {
    int i = 0;
    for (; i + 4 * L <= m; i += 4 * L) {
      FloatVector s0 = FloatVector.zero(F);
      FloatVector s1 = FloatVector.zero(F);
      FloatVector s2 = FloatVector.zero(F);
      FloatVector s3 = FloatVector.zero(F);
      for (int p = 0, ap = aOff + i, bp = bi; p < k; p++, ap += lda, bp += ldb) {
        FloatVector bv = FloatVector.broadcast(F, b[bp]);
        s0 = FloatVector.fromArray(F, a, ap).fma(bv, s0);
        s1 = FloatVector.fromArray(F, a, ap + L).fma(bv, s1);
        s2 = FloatVector.fromArray(F, a, ap + 2 * L).fma(bv, s2);
        s3 = FloatVector.fromArray(F, a, ap + 3 * L).fma(bv, s3);
      }
      s0.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + i * ldc, ldc, accumulate);
      s1.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + (i + L) * ldc, ldc, accumulate);
      s2.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + (i + 2 * L) * ldc, ldc, accumulate);
      s3.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + (i + 3 * L) * ldc, ldc, accumulate);
    }
    for (; i + L <= m; i += L) {
      FloatVector s0 = FloatVector.zero(F);
      for (int p = 0, ap = aOff + i, bp = bi; p < k; p++, ap += lda, bp += ldb) {
        s0 = FloatVector.fromArray(F, a, ap).fma(FloatVector.broadcast(F, b[bp]), s0);
      }
      s0.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + i * ldc, ldc, accumulate);
    }
    for (; i < m; i++) {
      float t = 0f;
      for (int p = 0, ap = aOff + i, bp = bi; p < k; p++, ap += lda, bp += ldb) {
        t = Math.fma(a[ap], b[bp], t);
      }
      put(c, ci + i * ldc, t, accumulate);
    }
  }

  /**
   * Two adjacent C columns of Aᵀ·B down M, as {@link #downColumn} (B(p, j) and B(p, j + 1) at
   * b[bi + p·ldb] and the next float): each A vector loaded once feeds both.
   */
  private static void downColumns2(int m, int k, float[] a, int aOff, int lda, float[] b, int bi,
      int ldb, float[] c, int ci, int ldc, boolean accumulate, float[] lanes) {
    int i = 0;
    for (; i + 4 * L <= m; i += 4 * L) {
      FloatVector s00 = FloatVector.zero(F);
      FloatVector s10 = FloatVector.zero(F);
      FloatVector s20 = FloatVector.zero(F);
      FloatVector s30 = FloatVector.zero(F);
      FloatVector s01 = FloatVector.zero(F);
      FloatVector s11 = FloatVector.zero(F);
      FloatVector s21 = FloatVector.zero(F);
      FloatVector s31 = FloatVector.zero(F);
      for (int p = 0, ap = aOff + i, bp = bi; p < k; p++, ap += lda, bp += ldb) {
        FloatVector b0 = FloatVector.broadcast(F, b[bp]);
        FloatVector b1 = FloatVector.broadcast(F, b[bp + 1]);
        FloatVector x0 = FloatVector.fromArray(F, a, ap);
        FloatVector x1 = FloatVector.fromArray(F, a, ap + L);
        FloatVector x2 = FloatVector.fromArray(F, a, ap + 2 * L);
        FloatVector x3 = FloatVector.fromArray(F, a, ap + 3 * L);
        s00 = x0.fma(b0, s00);
        s10 = x1.fma(b0, s10);
        s20 = x2.fma(b0, s20);
        s30 = x3.fma(b0, s30);
        s01 = x0.fma(b1, s01);
        s11 = x1.fma(b1, s11);
        s21 = x2.fma(b1, s21);
        s31 = x3.fma(b1, s31);
      }
      s00.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + i * ldc, ldc, accumulate);
      s10.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + (i + L) * ldc, ldc, accumulate);
      s20.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + (i + 2 * L) * ldc, ldc, accumulate);
      s30.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + (i + 3 * L) * ldc, ldc, accumulate);
      s01.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + 1 + i * ldc, ldc, accumulate);
      s11.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + 1 + (i + L) * ldc, ldc, accumulate);
      s21.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + 1 + (i + 2 * L) * ldc, ldc, accumulate);
      s31.intoArray(lanes, 0);
      scatterColumn(lanes, c, ci + 1 + (i + 3 * L) * ldc, ldc, accumulate);
    }
    if (i < m) {
      downColumn(m - i, k, a, aOff + i, lda, b, bi, ldb, c, ci + i * ldc, ldc, accumulate, lanes);
      downColumn(m - i, k, a, aOff + i, lda, b, bi + 1, ldb, c, ci + 1 + i * ldc, ldc, accumulate,
          lanes);
    }
  }

  /**
   * The L values a vector stored at lanes[0…] into a C column: c[ci + l·ldc] for l in [0, L).
   * (Stored by the caller: a vector passed to a call that is not inlined is boxed.)
   */
  private static void scatterColumn(float[] lanes, float[] c, int ci, int ldc,
      boolean accumulate) {
    for (int l = 0; l < L; l++) {
      put(c, ci + l * ldc, lanes[l], accumulate);
    }
  }


  private static int roundUp(int x, int q) {
    return (x + q - 1) / q * q;
  }

  /**
   * One register tile. A full tile goes straight to C; a ragged one (fewer rows than MR, or a
   * panel wider than the columns left) is computed into the scratch tile and the valid part
   * copied, through {@link #edgeIn} and {@link #edgeOut}: the only place edges are handled.
   */
  private static void tile(int rows, int width, int w, int kc, float[] ap, int ai, int as,
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
  private static void tileRows(int width, int w, int kc, float[] a, int ai, int lda, float[] bp,
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
    if (width == NR) {
      kernel8x3vRows(kc, a, ai, lda, bp, bi, c, ci, ldc, load);
    } else {
      kernel8x1vRows(kc, a, ai, lda, bp, bi, c, ci, ldc, load);
    }
  }

  /** A tile whose 8 A values of step p are ap[ai + p·as + r]: as = MR packed, acs for Aᵀ. */
  private static void micro(int width, int kc, float[] ap, int ai, int as, float[] bp, int bi,
      float[] c, int ci, int ldc, boolean load) {
    if (width == NR) {
      kernel8x3v(kc, ap, ai, as, bp, bi, c, ci, ldc, load);
    } else {
      kernel8x1v(kc, ap, ai, as, bp, bi, c, ci, ldc, load);
    }
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
      if (rows == MR && acs == 1) {
        // Row-major A: eight row streams, each K step writes one contiguous group of eight.
        int r0 = aOff + (ic + ir) * ars + pc;
        for (int p = 0; p < kc; p++) {
          int src = r0 + p;
          int dst = base + p * MR;
          ap[dst] = a[src];
          ap[dst + 1] = a[src + ars];
          ap[dst + 2] = a[src + 2 * ars];
          ap[dst + 3] = a[src + 3 * ars];
          ap[dst + 4] = a[src + 4 * ars];
          ap[dst + 5] = a[src + 5 * ars];
          ap[dst + 6] = a[src + 6 * ars];
          ap[dst + 7] = a[src + 7 * ars];
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int dst = base + p * MR;
          for (int r = 0; r < MR; r++) {
            ap[dst + r] = r < rows ? a[aOff + (ic + ir + r) * ars + (pc + p) * acs] : 0f;
          }
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
      int width = nc - jr >= NR ? NR : L;
      int w = Math.min(width, nc - jr);
      int base = bpOff + jr * kc;
      if (transB) {
        for (int jj = 0; jj < w; jj++) {
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
      } else if (w == width) {
        // arraycopy, not vector loads: packB runs only a few times per large product, so it can
        // stay in C1 code, where every Vector API value is an object (225 KB a 60 000-row call).
        for (int p = 0; p < kc; p++) {
          System.arraycopy(b, bOff + (pc + p) * n + jc + jr, bp, base + p * width, width);
        }
      } else {
        for (int p = 0; p < kc; p++) {
          int src = bOff + (pc + p) * n + jc + jr;
          int dst = base + p * width;
          System.arraycopy(b, src, bp, dst, w);
          java.util.Arrays.fill(bp, dst + w, dst + width, 0f);
        }
      }
      jr += w;
    }
  }

  // Register tiles: 8 rows × 3 vectors is 24 accumulators + 3 B vectors + 1 broadcast = 28 of the
  // 32 zmm registers. Each K step issues 3 vector loads and 8 broadcast loads for 24 FMAs, which
  // keeps the FMA ports, not the loads or the front end, the bottleneck. (4×3v, tried first, had
  // 12 FMAs against 7 loads and ~30 other instructions and ran at ~60% of the 8×3v speed.)
  private static void kernel8x3v(int kc, float[] ap, int ai, int as, float[] bp, int bi, float[] c,
      int ci, int ldc, boolean load) {
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32, c40, c41, c42, c50, c51, c52, c60, c61, c62, c70, c71, c72;
    if (load) {
      c00 = FloatVector.fromArray(F, c, ci);
      c01 = FloatVector.fromArray(F, c, ci + L);
      c02 = FloatVector.fromArray(F, c, ci + 2 * L);
      c10 = FloatVector.fromArray(F, c, ci + 1 * ldc);
      c11 = FloatVector.fromArray(F, c, ci + 1 * ldc + L);
      c12 = FloatVector.fromArray(F, c, ci + 1 * ldc + 2 * L);
      c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
      c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + L);
      c22 = FloatVector.fromArray(F, c, ci + 2 * ldc + 2 * L);
      c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
      c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + L);
      c32 = FloatVector.fromArray(F, c, ci + 3 * ldc + 2 * L);
      c40 = FloatVector.fromArray(F, c, ci + 4 * ldc);
      c41 = FloatVector.fromArray(F, c, ci + 4 * ldc + L);
      c42 = FloatVector.fromArray(F, c, ci + 4 * ldc + 2 * L);
      c50 = FloatVector.fromArray(F, c, ci + 5 * ldc);
      c51 = FloatVector.fromArray(F, c, ci + 5 * ldc + L);
      c52 = FloatVector.fromArray(F, c, ci + 5 * ldc + 2 * L);
      c60 = FloatVector.fromArray(F, c, ci + 6 * ldc);
      c61 = FloatVector.fromArray(F, c, ci + 6 * ldc + L);
      c62 = FloatVector.fromArray(F, c, ci + 6 * ldc + 2 * L);
      c70 = FloatVector.fromArray(F, c, ci + 7 * ldc);
      c71 = FloatVector.fromArray(F, c, ci + 7 * ldc + L);
      c72 = FloatVector.fromArray(F, c, ci + 7 * ldc + 2 * L);
    } else {
      c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = FloatVector.zero(F);
    }
    for (int p = 0; p < kc; p++) {
      int bo = bi + p * NR;
      int ao = ai + p * as;
      FloatVector b0 = FloatVector.fromArray(F, bp, bo);
      FloatVector b1 = FloatVector.fromArray(F, bp, bo + L);
      FloatVector b2 = FloatVector.fromArray(F, bp, bo + 2 * L);
      FloatVector x0 = FloatVector.broadcast(F, ap[ao]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c02 = x0.fma(b2, c02);
      FloatVector x1 = FloatVector.broadcast(F, ap[ao + 1]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c12 = x1.fma(b2, c12);
      FloatVector x2 = FloatVector.broadcast(F, ap[ao + 2]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c22 = x2.fma(b2, c22);
      FloatVector x3 = FloatVector.broadcast(F, ap[ao + 3]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
      c32 = x3.fma(b2, c32);
      FloatVector x4 = FloatVector.broadcast(F, ap[ao + 4]);
      c40 = x4.fma(b0, c40);
      c41 = x4.fma(b1, c41);
      c42 = x4.fma(b2, c42);
      FloatVector x5 = FloatVector.broadcast(F, ap[ao + 5]);
      c50 = x5.fma(b0, c50);
      c51 = x5.fma(b1, c51);
      c52 = x5.fma(b2, c52);
      FloatVector x6 = FloatVector.broadcast(F, ap[ao + 6]);
      c60 = x6.fma(b0, c60);
      c61 = x6.fma(b1, c61);
      c62 = x6.fma(b2, c62);
      FloatVector x7 = FloatVector.broadcast(F, ap[ao + 7]);
      c70 = x7.fma(b0, c70);
      c71 = x7.fma(b1, c71);
      c72 = x7.fma(b2, c72);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + L);
    c02.intoArray(c, ci + 2 * L);
    c10.intoArray(c, ci + 1 * ldc);
    c11.intoArray(c, ci + 1 * ldc + L);
    c12.intoArray(c, ci + 1 * ldc + 2 * L);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + L);
    c22.intoArray(c, ci + 2 * ldc + 2 * L);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + L);
    c32.intoArray(c, ci + 3 * ldc + 2 * L);
    c40.intoArray(c, ci + 4 * ldc);
    c41.intoArray(c, ci + 4 * ldc + L);
    c42.intoArray(c, ci + 4 * ldc + 2 * L);
    c50.intoArray(c, ci + 5 * ldc);
    c51.intoArray(c, ci + 5 * ldc + L);
    c52.intoArray(c, ci + 5 * ldc + 2 * L);
    c60.intoArray(c, ci + 6 * ldc);
    c61.intoArray(c, ci + 6 * ldc + L);
    c62.intoArray(c, ci + 6 * ldc + 2 * L);
    c70.intoArray(c, ci + 7 * ldc);
    c71.intoArray(c, ci + 7 * ldc + L);
    c72.intoArray(c, ci + 7 * ldc + 2 * L);
  }

  private static void kernel8x1v(int kc, float[] ap, int ai, int as, float[] bp, int bi, float[] c,
      int ci, int ldc, boolean load) {
    FloatVector c00, c10, c20, c30, c40, c50, c60, c70;
    if (load) {
      c00 = FloatVector.fromArray(F, c, ci);
      c10 = FloatVector.fromArray(F, c, ci + 1 * ldc);
      c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
      c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
      c40 = FloatVector.fromArray(F, c, ci + 4 * ldc);
      c50 = FloatVector.fromArray(F, c, ci + 5 * ldc);
      c60 = FloatVector.fromArray(F, c, ci + 6 * ldc);
      c70 = FloatVector.fromArray(F, c, ci + 7 * ldc);
    } else {
      c00 = c10 = c20 = c30 = c40 = c50 = c60 = c70 = FloatVector.zero(F);
    }
    for (int p = 0; p < kc; p++) {
      int bo = bi + p * L;
      int ao = ai + p * as;
      FloatVector b0 = FloatVector.fromArray(F, bp, bo);
      FloatVector x0 = FloatVector.broadcast(F, ap[ao]);
      c00 = x0.fma(b0, c00);
      FloatVector x1 = FloatVector.broadcast(F, ap[ao + 1]);
      c10 = x1.fma(b0, c10);
      FloatVector x2 = FloatVector.broadcast(F, ap[ao + 2]);
      c20 = x2.fma(b0, c20);
      FloatVector x3 = FloatVector.broadcast(F, ap[ao + 3]);
      c30 = x3.fma(b0, c30);
      FloatVector x4 = FloatVector.broadcast(F, ap[ao + 4]);
      c40 = x4.fma(b0, c40);
      FloatVector x5 = FloatVector.broadcast(F, ap[ao + 5]);
      c50 = x5.fma(b0, c50);
      FloatVector x6 = FloatVector.broadcast(F, ap[ao + 6]);
      c60 = x6.fma(b0, c60);
      FloatVector x7 = FloatVector.broadcast(F, ap[ao + 7]);
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
      c00 = FloatVector.fromArray(F, c, ci);
      c01 = FloatVector.fromArray(F, c, ci + L);
      c02 = FloatVector.fromArray(F, c, ci + 2 * L);
      c10 = FloatVector.fromArray(F, c, ci + 1 * ldc);
      c11 = FloatVector.fromArray(F, c, ci + 1 * ldc + L);
      c12 = FloatVector.fromArray(F, c, ci + 1 * ldc + 2 * L);
      c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
      c21 = FloatVector.fromArray(F, c, ci + 2 * ldc + L);
      c22 = FloatVector.fromArray(F, c, ci + 2 * ldc + 2 * L);
      c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
      c31 = FloatVector.fromArray(F, c, ci + 3 * ldc + L);
      c32 = FloatVector.fromArray(F, c, ci + 3 * ldc + 2 * L);
      c40 = FloatVector.fromArray(F, c, ci + 4 * ldc);
      c41 = FloatVector.fromArray(F, c, ci + 4 * ldc + L);
      c42 = FloatVector.fromArray(F, c, ci + 4 * ldc + 2 * L);
      c50 = FloatVector.fromArray(F, c, ci + 5 * ldc);
      c51 = FloatVector.fromArray(F, c, ci + 5 * ldc + L);
      c52 = FloatVector.fromArray(F, c, ci + 5 * ldc + 2 * L);
      c60 = FloatVector.fromArray(F, c, ci + 6 * ldc);
      c61 = FloatVector.fromArray(F, c, ci + 6 * ldc + L);
      c62 = FloatVector.fromArray(F, c, ci + 6 * ldc + 2 * L);
      c70 = FloatVector.fromArray(F, c, ci + 7 * ldc);
      c71 = FloatVector.fromArray(F, c, ci + 7 * ldc + L);
      c72 = FloatVector.fromArray(F, c, ci + 7 * ldc + 2 * L);
    } else {
      c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = c40 = c41 = c42 = c50 = c51 = c52 = c60 = c61 = c62 = c70 = c71 = c72 = FloatVector.zero(F);
    }
    int a1 = ai + 1 * lda;
    int a2 = ai + 2 * lda;
    int a3 = ai + 3 * lda;
    int a4 = ai + 4 * lda;
    int a5 = ai + 5 * lda;
    int a6 = ai + 6 * lda;
    int a7 = ai + 7 * lda;
    for (int p = 0; p < kc; p++) {
      int bo = bi + p * NR;
      FloatVector b0 = FloatVector.fromArray(F, bp, bo);
      FloatVector b1 = FloatVector.fromArray(F, bp, bo + L);
      FloatVector b2 = FloatVector.fromArray(F, bp, bo + 2 * L);
      FloatVector x0 = FloatVector.broadcast(F, a[ai + p]);
      c00 = x0.fma(b0, c00);
      c01 = x0.fma(b1, c01);
      c02 = x0.fma(b2, c02);
      FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
      c10 = x1.fma(b0, c10);
      c11 = x1.fma(b1, c11);
      c12 = x1.fma(b2, c12);
      FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
      c20 = x2.fma(b0, c20);
      c21 = x2.fma(b1, c21);
      c22 = x2.fma(b2, c22);
      FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
      c30 = x3.fma(b0, c30);
      c31 = x3.fma(b1, c31);
      c32 = x3.fma(b2, c32);
      FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
      c40 = x4.fma(b0, c40);
      c41 = x4.fma(b1, c41);
      c42 = x4.fma(b2, c42);
      FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
      c50 = x5.fma(b0, c50);
      c51 = x5.fma(b1, c51);
      c52 = x5.fma(b2, c52);
      FloatVector x6 = FloatVector.broadcast(F, a[a6 + p]);
      c60 = x6.fma(b0, c60);
      c61 = x6.fma(b1, c61);
      c62 = x6.fma(b2, c62);
      FloatVector x7 = FloatVector.broadcast(F, a[a7 + p]);
      c70 = x7.fma(b0, c70);
      c71 = x7.fma(b1, c71);
      c72 = x7.fma(b2, c72);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + L);
    c02.intoArray(c, ci + 2 * L);
    c10.intoArray(c, ci + 1 * ldc);
    c11.intoArray(c, ci + 1 * ldc + L);
    c12.intoArray(c, ci + 1 * ldc + 2 * L);
    c20.intoArray(c, ci + 2 * ldc);
    c21.intoArray(c, ci + 2 * ldc + L);
    c22.intoArray(c, ci + 2 * ldc + 2 * L);
    c30.intoArray(c, ci + 3 * ldc);
    c31.intoArray(c, ci + 3 * ldc + L);
    c32.intoArray(c, ci + 3 * ldc + 2 * L);
    c40.intoArray(c, ci + 4 * ldc);
    c41.intoArray(c, ci + 4 * ldc + L);
    c42.intoArray(c, ci + 4 * ldc + 2 * L);
    c50.intoArray(c, ci + 5 * ldc);
    c51.intoArray(c, ci + 5 * ldc + L);
    c52.intoArray(c, ci + 5 * ldc + 2 * L);
    c60.intoArray(c, ci + 6 * ldc);
    c61.intoArray(c, ci + 6 * ldc + L);
    c62.intoArray(c, ci + 6 * ldc + 2 * L);
    c70.intoArray(c, ci + 7 * ldc);
    c71.intoArray(c, ci + 7 * ldc + L);
    c72.intoArray(c, ci + 7 * ldc + 2 * L);
  }

  private static void kernel8x1vRows(int kc, float[] a, int ai, int lda, float[] bp, int bi, float[] c,
      int ci, int ldc, boolean load) {
    FloatVector c00, c10, c20, c30, c40, c50, c60, c70;
    if (load) {
      c00 = FloatVector.fromArray(F, c, ci);
      c10 = FloatVector.fromArray(F, c, ci + 1 * ldc);
      c20 = FloatVector.fromArray(F, c, ci + 2 * ldc);
      c30 = FloatVector.fromArray(F, c, ci + 3 * ldc);
      c40 = FloatVector.fromArray(F, c, ci + 4 * ldc);
      c50 = FloatVector.fromArray(F, c, ci + 5 * ldc);
      c60 = FloatVector.fromArray(F, c, ci + 6 * ldc);
      c70 = FloatVector.fromArray(F, c, ci + 7 * ldc);
    } else {
      c00 = c10 = c20 = c30 = c40 = c50 = c60 = c70 = FloatVector.zero(F);
    }
    int a1 = ai + 1 * lda;
    int a2 = ai + 2 * lda;
    int a3 = ai + 3 * lda;
    int a4 = ai + 4 * lda;
    int a5 = ai + 5 * lda;
    int a6 = ai + 6 * lda;
    int a7 = ai + 7 * lda;
    for (int p = 0; p < kc; p++) {
      int bo = bi + p * L;
      FloatVector b0 = FloatVector.fromArray(F, bp, bo);
      FloatVector x0 = FloatVector.broadcast(F, a[ai + p]);
      c00 = x0.fma(b0, c00);
      FloatVector x1 = FloatVector.broadcast(F, a[a1 + p]);
      c10 = x1.fma(b0, c10);
      FloatVector x2 = FloatVector.broadcast(F, a[a2 + p]);
      c20 = x2.fma(b0, c20);
      FloatVector x3 = FloatVector.broadcast(F, a[a3 + p]);
      c30 = x3.fma(b0, c30);
      FloatVector x4 = FloatVector.broadcast(F, a[a4 + p]);
      c40 = x4.fma(b0, c40);
      FloatVector x5 = FloatVector.broadcast(F, a[a5 + p]);
      c50 = x5.fma(b0, c50);
      FloatVector x6 = FloatVector.broadcast(F, a[a6 + p]);
      c60 = x6.fma(b0, c60);
      FloatVector x7 = FloatVector.broadcast(F, a[a7 + p]);
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

  // ------------------------------------------------------------------------------------------
  // Bias and reductions
  // ------------------------------------------------------------------------------------------

  @Override
  public void addRowVector(int m, int n, float[] x, int xOff, float[] bias, int biasOff) {
    int bound = F.loopBound(n);
    for (int i = 0; i < m; i++) {
      int xi = xOff + i * n;
      int j = 0;
      for (; j < bound; j += L) {
        FloatVector.fromArray(F, x, xi + j)
            .add(FloatVector.fromArray(F, bias, biasOff + j))
            .intoArray(x, xi + j);
      }
      for (; j < n; j++) {
        x[xi + j] += bias[biasOff + j];
      }
    }
  }

  @Override
  public void columnSums(int m, int n, float[] x, int xOff, float[] out, int outOff) {
    int bound = F.loopBound(n);
    int j = 0;
    // One column strip at a time, summing down the rows in a register: out is written once.
    for (; j < bound; j += L) {
      FloatVector acc = FloatVector.zero(F);
      for (int i = 0, xi = xOff + j; i < m; i++, xi += n) {
        acc = acc.add(FloatVector.fromArray(F, x, xi));
      }
      acc.intoArray(out, outOff + j);
    }
    for (; j < n; j++) {
      float s = 0f;
      for (int i = 0, xi = xOff + j; i < m; i++, xi += n) {
        s += x[xi];
      }
      out[outOff + j] = s;
    }
  }

  @Override
  public float sum(int n, float[] x, int xOff) {
    int bound = F.loopBound(n);
    FloatVector s0 = FloatVector.zero(F);
    FloatVector s1 = FloatVector.zero(F);
    int i = 0;
    // Two accumulators: two add chains in flight.
    for (; i + L < bound; i += 2 * L) {
      s0 = s0.add(FloatVector.fromArray(F, x, xOff + i));
      s1 = s1.add(FloatVector.fromArray(F, x, xOff + i + L));
    }
    for (; i < bound; i += L) {
      s0 = s0.add(FloatVector.fromArray(F, x, xOff + i));
    }
    float[] lanes = SCRATCH.get().lanes;
    s0.add(s1).intoArray(lanes, 0);
    float s = sumLanes(lanes, 0);
    for (; i < n; i++) {
      s += x[xOff + i];
    }
    return s;
  }

  // ------------------------------------------------------------------------------------------
  // Activations
  // ------------------------------------------------------------------------------------------

  @Override
  public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).max(0f).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = Math.max(x[xOff + i], 0f);
    }
  }

  @Override
  public void reluBackward(int n, float[] x, int xOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    int bound = F.loopBound(n);
    FloatVector zero = FloatVector.zero(F);
    int i = 0;
    for (; i < bound; i += L) {
      VectorMask<Float> pos = FloatVector.fromArray(F, x, xOff + i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(F, dout, doutOff + i), pos).intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      dx[dxOff + i] = x[xOff + i] > 0f ? dout[doutOff + i] : 0f;
    }
  }

  // e^x for the Vector API twin, from +, ×, FMA and bit moves only. The Vector API's own EXP runs
  // as a Math.exp per lane in the interpreter and C1 and as a different library in C2, so the same
  // input rounded differently before and after the JIT got to it: a run resumed from a checkpoint
  // then drifted from the uninterrupted one by an ulp (TrainerTest caught it). These operations
  // round identically in every tier. Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2 (the magic
  // constant rounds x·log2(e) to the nearest integer n in its low mantissa bits), a degree-5
  // polynomial for e^r, then 2^n put into the exponent field. Within 2 ulp of e^x; inputs are
  // clamped to [−87.3, 88], so results stay normal and finite (e^−87.3 ≈ 1.2e−38 stands in
  // for anything smaller).
  private static final float EXP_HI = 88f;
  private static final float EXP_LO = -87.3f;
  private static final float LOG2E = 1.44269504088896341f;
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  /** 1.5·2²³: adding it rounds to an integer held in the low mantissa bits. */
  private static final float ROUNDER = 12582912f;
  private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);

  static FloatVector exp(FloatVector x) {
    x = x.min(EXP_HI).max(EXP_LO);
    FloatVector t = x.fma(LOG2E, ROUNDER);
    FloatVector n = t.sub(ROUNDER);
    FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
    r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
    FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f);
    p = p.fma(r, FloatVector.broadcast(F, 8.3334519073e-3f));
    p = p.fma(r, FloatVector.broadcast(F, 4.1665795894e-2f));
    p = p.fma(r, FloatVector.broadcast(F, 1.6666665459e-1f));
    p = p.fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
    FloatVector e = p.mul(r).fma(r, r).add(1f);
    IntVector k = t.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
    return e.mul(k.reinterpretAsFloats());
  }

  @Override
  public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
    int bound = F.loopBound(n);
    FloatVector one = FloatVector.broadcast(F, 1f);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector e = exp(FloatVector.fromArray(F, x, xOff + i).neg());
      one.div(e.add(1f)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = 1f / (1f + (float) Math.exp(-x[xOff + i]));
    }
  }

  @Override
  public void sigmoidBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector yv = FloatVector.fromArray(F, y, yOff + i);
      FloatVector.fromArray(F, dout, doutOff + i)
          .mul(yv.neg().add(1f))
          .mul(yv)
          .intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      float yi = y[yOff + i];
      dx[dxOff + i] = dout[doutOff + i] * (1f - yi) * yi;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Softmax and cross-entropy
  // ------------------------------------------------------------------------------------------

  @Override
  public void softmaxRows(int m, int n, float[] x, int xOff, float[] y, int yOff) {
    if (n < L) {
      softmaxNarrow(m, n, x, xOff, y, yOff);
      return;
    }
    int bound = F.loopBound(n);
    float[] lanes = SCRATCH.get().lanes;
    for (int r = 0; r < m; r++) {
      int xo = xOff + r * n;
      int yo = yOff + r * n;
      FloatVector mv = FloatVector.fromArray(F, x, xo);
      int j = L;
      for (; j < bound; j += L) {
        mv = mv.max(FloatVector.fromArray(F, x, xo + j));
      }
      float max = mv.reduceLanes(VectorOperators.MAX);
      for (; j < n; j++) {
        max = Math.max(max, x[xo + j]);
      }
      FloatVector sv = FloatVector.zero(F);
      for (j = 0; j < bound; j += L) {
        FloatVector e = exp(FloatVector.fromArray(F, x, xo + j).sub(max));
        e.intoArray(y, yo + j);
        sv = sv.add(e);
      }
      sv.intoArray(lanes, 0);
      float s = sumLanes(lanes, 0);
      for (; j < n; j++) {
        float e = (float) Math.exp(x[xo + j] - max);
        y[yo + j] = e;
        s += e;
      }
      float inv = 1f / s;
      for (j = 0; j < bound; j += L) {
        FloatVector.fromArray(F, y, yo + j).mul(inv).intoArray(y, yo + j);
      }
      for (; j < n; j++) {
        y[yo + j] *= inv;
      }
    }
  }

  /**
   * Rows narrower than a vector (the seed's 10 classes): shift each row by its max, then one
   * vector EXP pass over the whole contiguous m×n block, then normalise row by row. Per-row
   * vectors would leave most lanes idle, and a scalar exp per element cost 12 µs for 100×10.
   */
  private static void softmaxNarrow(int m, int n, float[] x, int xOff, float[] y, int yOff) {
    for (int r = 0; r < m; r++) {
      int xo = xOff + r * n;
      int yo = yOff + r * n;
      float max = x[xo];
      for (int j = 1; j < n; j++) {
        max = Math.max(max, x[xo + j]);
      }
      for (int j = 0; j < n; j++) {
        y[yo + j] = x[xo + j] - max;
      }
    }
    int total = m * n;
    int bound = F.loopBound(total);
    int i = 0;
    for (; i < bound; i += L) {
      exp(FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
    }
    // A scalar tail: a masked vector here allocated its mask on JDK 17 (440 B a training step,
    // caught by TrainingStepAllocationTest).
    for (; i < total; i++) {
      y[yOff + i] = (float) Math.exp(y[yOff + i]);
    }
    for (int r = 0; r < m; r++) {
      int yo = yOff + r * n;
      float sum = 0f;
      for (int j = 0; j < n; j++) {
        sum += y[yo + j];
      }
      float inv = 1f / sum;
      for (int j = 0; j < n; j++) {
        y[yo + j] *= inv;
      }
    }
  }

  /**
   * The twin's loop: a vector LOG, like EXP, rounds differently before and after C2 compiles it,
   * and the loss is one log per row that matters (the one-hot label's).
   */
  @Override
  public float crossEntropyOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff) {
    return SCALAR.crossEntropyOneHot(m, n, y, yOff, t, tOff);
  }

  @Override
  public void softmaxLossBackwardOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff,
      float[] dx, int dxOff) {
    int total = m * n;
    int bound = F.loopBound(total);
    float inv = 1f / m;
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector.fromArray(F, y, yOff + i)
          .sub(FloatVector.fromArray(F, t, tOff + i))
          .mul(inv)
          .intoArray(dx, dxOff + i);
    }
    for (; i < total; i++) {
      dx[dxOff + i] = (y[yOff + i] - t[tOff + i]) * inv;
    }
  }

  @Override
  public void softmaxLossBackwardIndex(int m, int n, float[] y, int yOff, int[] labels,
      int labelsOff, float[] dx, int dxOff) {
    int total = m * n;
    int bound = F.loopBound(total);
    float inv = 1f / m;
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector.fromArray(F, y, yOff + i).mul(inv).intoArray(dx, dxOff + i);
    }
    for (; i < total; i++) {
      dx[dxOff + i] = y[yOff + i] * inv;
    }
    // The one-hot term touches one element a row: written as (y − 1)/m so it rounds like the twin.
    for (int r = 0; r < m; r++) {
      int at = r * n + labels[labelsOff + r];
      dx[dxOff + at] = (y[yOff + at] - 1f) * inv;
    }
  }

  @Override
  public void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
    if (n < L) {
      SCALAR.argmaxRows(m, n, x, xOff, out, outOff);
      return;
    }
    int bound = F.loopBound(n);
    for (int r = 0; r < m; r++) {
      int xo = xOff + r * n;
      FloatVector mv = FloatVector.fromArray(F, x, xo);
      int j = L;
      for (; j < bound; j += L) {
        mv = mv.max(FloatVector.fromArray(F, x, xo + j));
      }
      float max = mv.reduceLanes(VectorOperators.MAX);
      for (; j < n; j++) {
        max = Math.max(max, x[xo + j]);
      }
      int best = -1;
      if (!Float.isNaN(max)) {
        // First lane equal to the maximum, found a vector at a time.
        for (j = 0; j < bound && best < 0; j += L) {
          VectorMask<Float> hit = FloatVector.fromArray(F, x, xo + j).compare(VectorOperators.EQ, max);
          if (hit.anyTrue()) {
            best = j + hit.firstTrue();
          }
        }
        for (; j < n && best < 0; j++) {
          if (x[xo + j] == max) {
            best = j;
          }
        }
      }
      // NaN rows follow the twin's rule (NaN never wins) exactly.
      out[outOff + r] = best >= 0 ? best : ScalarKernelSupport.argmaxRow(n, x, xo);
    }
  }

  // ------------------------------------------------------------------------------------------
  // BLAS-1 and optimizer updates: one pass, every operand read once and written once.
  // ------------------------------------------------------------------------------------------

  @Override
  public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      // mul then add, not fma: memory-bound anyway, and it rounds exactly like the twin.
      FloatVector.fromArray(F, x, xOff + i)
          .mul(alpha)
          .add(FloatVector.fromArray(F, y, yOff + i))
          .intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  @Override
  public void scale(int n, float alpha, float[] x, int xOff) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector.fromArray(F, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
    }
    for (; i < n; i++) {
      x[xOff + i] *= alpha;
    }
  }

  @Override
  public void momentumUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(mu)
          .sub(FloatVector.fromArray(F, g, gOff + i).mul(lr));
      vi.intoArray(v, vOff + i);
      FloatVector.fromArray(F, p, pOff + i).add(vi).intoArray(p, pOff + i);
    }
    SCALAR.momentumUpdate(n - i, lr, mu, g, gOff + i, v, vOff + i, p, pOff + i);
  }

  @Override
  public void nesterovUpdate(int n, float lr, float mu, float[] g, int gOff, float[] v, int vOff,
      float[] p, int pOff) {
    float c = (1f + mu) * lr;
    float mu2 = mu * mu;
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector gi = FloatVector.fromArray(F, g, gOff + i);
      FloatVector vi = FloatVector.fromArray(F, v, vOff + i).mul(mu).sub(gi.mul(lr));
      vi.intoArray(v, vOff + i);
      FloatVector.fromArray(F, p, pOff + i).add(vi.mul(mu2).sub(gi.mul(c))).intoArray(p, pOff + i);
    }
    SCALAR.nesterovUpdate(n - i, lr, mu, g, gOff + i, v, vOff + i, p, pOff + i);
  }

  @Override
  public void adaGradUpdate(int n, float lr, float eps, float[] g, int gOff, float[] h, int hOff,
      float[] p, int pOff) {
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector gi = FloatVector.fromArray(F, g, gOff + i);
      FloatVector hi = FloatVector.fromArray(F, h, hOff + i).add(gi.mul(gi));
      hi.intoArray(h, hOff + i);
      FloatVector step = gi.mul(lr).div(hi.lanewise(VectorOperators.SQRT).add(eps));
      FloatVector.fromArray(F, p, pOff + i).sub(step).intoArray(p, pOff + i);
    }
    SCALAR.adaGradUpdate(n - i, lr, eps, g, gOff + i, h, hOff + i, p, pOff + i);
  }

  @Override
  public void rmsPropUpdate(int n, float lr, float rho, float eps, float[] g, int gOff, float[] h,
      int hOff, float[] p, int pOff) {
    float c = 1f - rho;
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector gi = FloatVector.fromArray(F, g, gOff + i);
      FloatVector hi = FloatVector.fromArray(F, h, hOff + i).mul(rho).add(gi.mul(c).mul(gi));
      hi.intoArray(h, hOff + i);
      FloatVector step = gi.mul(lr).div(hi.lanewise(VectorOperators.SQRT).add(eps));
      FloatVector.fromArray(F, p, pOff + i).sub(step).intoArray(p, pOff + i);
    }
    SCALAR.rmsPropUpdate(n - i, lr, rho, eps, g, gOff + i, h, hOff + i, p, pOff + i);
  }

  @Override
  public void adamUpdate(int n, float lrT, float beta1, float beta2, float eps, float[] g,
      int gOff, float[] m, int mOff, float[] v, int vOff, float[] p, int pOff) {
    float c1 = 1f - beta1;
    float c2 = 1f - beta2;
    int bound = F.loopBound(n);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector gi = FloatVector.fromArray(F, g, gOff + i);
      FloatVector mi = FloatVector.fromArray(F, m, mOff + i);
      FloatVector vi = FloatVector.fromArray(F, v, vOff + i);
      mi = mi.add(gi.sub(mi).mul(c1));
      vi = vi.add(gi.mul(gi).sub(vi).mul(c2));
      mi.intoArray(m, mOff + i);
      vi.intoArray(v, vOff + i);
      FloatVector step = mi.mul(lrT).div(vi.lanewise(VectorOperators.SQRT).add(eps));
      FloatVector.fromArray(F, p, pOff + i).sub(step).intoArray(p, pOff + i);
    }
    SCALAR.adamUpdate(n - i, lrT, beta1, beta2, eps, g, gOff + i, m, mOff + i, v, vOff + i, p,
        pOff + i);
  }

  // ------------------------------------------------------------------------------------------
  // Data
  // ------------------------------------------------------------------------------------------

  @Override
  public void unsignedBytesToUnit(int n, byte[] src, int srcOff, float[] dst, int dstOff) {
    int bound = B.loopBound(n);
    float inv = 1f / 255f;
    int i = 0;
    for (; i < bound; i += L) {
      IntVector wide = (IntVector) ByteVector.fromArray(B, src, srcOff + i)
          .convertShape(VectorOperators.B2I, I, 0);
      ((FloatVector) wide.and(0xFF).convert(VectorOperators.I2F, 0))
          .mul(inv)
          .intoArray(dst, dstOff + i);
    }
    for (; i < n; i++) {
      dst[dstOff + i] = (src[srcOff + i] & 0xFF) * inv;
    }
  }
}
