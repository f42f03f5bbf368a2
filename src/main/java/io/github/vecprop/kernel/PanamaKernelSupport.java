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

  /** Per-thread packing space: one K-major B panel and one C tile for ragged edges. */
  private static final class Scratch {
    final float[] panel = new float[KC * NR];
    final float[] tile = new float[MR * NR];
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
    if ((long) m * n * k < GemmParams.SMALL_FLOPS || n < L) {
      SCALAR.gemm(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      return;
    }
    drive(m, n, k, a, aOff, k, 1, b, bOff, false, c, cOff, accumulate);
  }

  @Override
  public void gemmTransA(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    if ((long) m * n * k < GemmParams.SMALL_FLOPS || n < L) {
      SCALAR.gemmTransA(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      return;
    }
    drive(m, n, k, a, aOff, 1, m, b, bOff, false, c, cOff, accumulate);
  }

  @Override
  public void gemmTransB(int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
      float[] c, int cOff, boolean accumulate) {
    if ((long) m * n * k < GemmParams.SMALL_FLOPS || n < L) {
      SCALAR.gemmTransB(m, n, k, a, aOff, b, bOff, c, cOff, accumulate);
      return;
    }
    drive(m, n, k, a, aOff, k, 1, b, bOff, true, c, cOff, accumulate);
  }

  /**
   * Column panels of 3 vectors (then single vectors for the remainder) × K blocks × row tiles of
   * MR. A(i, p) is {@code a[aOff + i*ars + p*acs]}; B(p, j) is {@code b[bOff + p*n + j]}, or
   * {@code b[bOff + j*k + p]} when {@code transB}.
   */
  private static void drive(int m, int n, int k, float[] a, int aOff, int ars, int acs,
      float[] b, int bOff, boolean transB, float[] c, int cOff, boolean accumulate) {
    Scratch s = SCRATCH.get();
    float[] panel = s.panel;
    int kBlocks = (k + KC - 1) / KC;
    int kc = (k + kBlocks - 1) / kBlocks;
    for (int jc = 0; jc < n; ) {
      int nv = n - jc >= NR ? NR_VECTORS : 1;
      int width = nv * L;
      int w = Math.min(width, n - jc);
      for (int pc = 0; pc < k; pc += kc) {
        int kcur = Math.min(kc, k - pc);
        if (transB) {
          packTransposed(b, bOff, k, pc, kcur, jc, w, width, panel);
        } else {
          pack(b, bOff, n, pc, kcur, jc, w, width, panel);
        }
        boolean load = accumulate || pc > 0;
        int i = 0;
        for (; i + MR <= m; i += MR) {
          tile(MR, nv, w, kcur, a, aOff + i * ars + pc * acs, ars, acs, panel, c,
              cOff + i * n + jc, n, load, s.tile);
        }
        for (; i < m; i++) {
          tile(1, nv, w, kcur, a, aOff + i * ars + pc * acs, ars, acs, panel, c,
              cOff + i * n + jc, n, load, s.tile);
        }
      }
      jc += w;
    }
  }

  /**
   * Runs one register tile. Full-width tiles go straight to C; a ragged right edge (w below the
   * panel width) is computed into the scratch tile and copied: the only place edges are handled.
   */
  private static void tile(int rows, int nv, int w, int kc, float[] a, int ai, int ars, int acs,
      float[] panel, float[] c, int ci, int ldc, boolean load, float[] t) {
    int width = nv * L;
    if (w == width) {
      micro(rows, nv, kc, a, ai, ars, acs, panel, c, ci, ldc, load);
      return;
    }
    if (load) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(c, ci + r * ldc, t, r * width, w);
      }
    }
    micro(rows, nv, kc, a, ai, ars, acs, panel, t, 0, width, load);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(t, r * width, c, ci + r * ldc, w);
    }
  }

  private static void micro(int rows, int nv, int kc, float[] a, int ai, int ars, int acs,
      float[] panel, float[] c, int ci, int ldc, boolean load) {
    if (nv == NR_VECTORS) {
      if (rows == MR) {
        kernel4x3v(kc, a, ai, ars, acs, panel, c, ci, ldc, load);
      } else {
        kernel1x3v(kc, a, ai, acs, panel, c, ci, load);
      }
    } else if (rows == MR) {
      kernel4x1v(kc, a, ai, ars, acs, panel, c, ci, ldc, load);
    } else {
      kernel1x1v(kc, a, ai, acs, panel, c, ci, load);
    }
  }

  /** B(pc.., jc..) into a K-major panel of the given width, zero-padded past w. */
  private static void pack(float[] b, int bOff, int n, int pc, int kc, int jc, int w, int width,
      float[] panel) {
    if (w == width) {
      for (int p = 0; p < kc; p++) {
        int src = bOff + (pc + p) * n + jc;
        int dst = p * width;
        for (int v = 0; v < width; v += L) {
          FloatVector.fromArray(F, b, src + v).intoArray(panel, dst + v);
        }
      }
      return;
    }
    for (int p = 0; p < kc; p++) {
      int src = bOff + (pc + p) * n + jc;
      int dst = p * width;
      System.arraycopy(b, src, panel, dst, w);
      java.util.Arrays.fill(panel, dst + w, dst + width, 0f);
    }
  }

  /** The same panel read from B stored n×k: row j of B becomes column j of the panel. */
  private static void packTransposed(float[] b, int bOff, int k, int pc, int kc, int jc, int w,
      int width, float[] panel) {
    for (int jj = 0; jj < w; jj++) {
      int src = bOff + (jc + jj) * k + pc;
      for (int p = 0; p < kc; p++) {
        panel[p * width + jj] = b[src + p];
      }
    }
    if (w < width) {
      for (int p = 0; p < kc; p++) {
        java.util.Arrays.fill(panel, p * width + w, (p + 1) * width, 0f);
      }
    }
  }

  // Register tiles. Twelve (or three, four, one) independent accumulators: FMA latency is 4
  // cycles on two ports, so at least eight chains are needed to keep both busy; 4×3v has twelve.
  private static void kernel4x3v(int kc, float[] a, int ai, int ars, int acs, float[] bp,
      float[] c, int ci, int ldc, boolean load) {
    FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
    int r1 = ci + ldc;
    int r2 = ci + 2 * ldc;
    int r3 = ci + 3 * ldc;
    if (load) {
      c00 = FloatVector.fromArray(F, c, ci);
      c01 = FloatVector.fromArray(F, c, ci + L);
      c02 = FloatVector.fromArray(F, c, ci + 2 * L);
      c10 = FloatVector.fromArray(F, c, r1);
      c11 = FloatVector.fromArray(F, c, r1 + L);
      c12 = FloatVector.fromArray(F, c, r1 + 2 * L);
      c20 = FloatVector.fromArray(F, c, r2);
      c21 = FloatVector.fromArray(F, c, r2 + L);
      c22 = FloatVector.fromArray(F, c, r2 + 2 * L);
      c30 = FloatVector.fromArray(F, c, r3);
      c31 = FloatVector.fromArray(F, c, r3 + L);
      c32 = FloatVector.fromArray(F, c, r3 + 2 * L);
    } else {
      c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = FloatVector.zero(F);
    }
    int a0 = ai;
    int a1 = ai + ars;
    int a2 = ai + 2 * ars;
    int a3 = ai + 3 * ars;
    for (int p = 0, bo = 0, ao = 0; p < kc; p++, bo += NR, ao += acs) {
      FloatVector b0 = FloatVector.fromArray(F, bp, bo);
      FloatVector b1 = FloatVector.fromArray(F, bp, bo + L);
      FloatVector b2 = FloatVector.fromArray(F, bp, bo + 2 * L);
      FloatVector x = FloatVector.broadcast(F, a[a0 + ao]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      c02 = x.fma(b2, c02);
      x = FloatVector.broadcast(F, a[a1 + ao]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      c12 = x.fma(b2, c12);
      x = FloatVector.broadcast(F, a[a2 + ao]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      c22 = x.fma(b2, c22);
      x = FloatVector.broadcast(F, a[a3 + ao]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      c32 = x.fma(b2, c32);
    }
    c00.intoArray(c, ci);
    c01.intoArray(c, ci + L);
    c02.intoArray(c, ci + 2 * L);
    c10.intoArray(c, r1);
    c11.intoArray(c, r1 + L);
    c12.intoArray(c, r1 + 2 * L);
    c20.intoArray(c, r2);
    c21.intoArray(c, r2 + L);
    c22.intoArray(c, r2 + 2 * L);
    c30.intoArray(c, r3);
    c31.intoArray(c, r3 + L);
    c32.intoArray(c, r3 + 2 * L);
  }

  private static void kernel1x3v(int kc, float[] a, int ai, int acs, float[] bp, float[] c,
      int ci, boolean load) {
    FloatVector c0;
    FloatVector c1;
    FloatVector c2;
    if (load) {
      c0 = FloatVector.fromArray(F, c, ci);
      c1 = FloatVector.fromArray(F, c, ci + L);
      c2 = FloatVector.fromArray(F, c, ci + 2 * L);
    } else {
      c0 = c1 = c2 = FloatVector.zero(F);
    }
    for (int p = 0, bo = 0, ao = ai; p < kc; p++, bo += NR, ao += acs) {
      FloatVector x = FloatVector.broadcast(F, a[ao]);
      c0 = x.fma(FloatVector.fromArray(F, bp, bo), c0);
      c1 = x.fma(FloatVector.fromArray(F, bp, bo + L), c1);
      c2 = x.fma(FloatVector.fromArray(F, bp, bo + 2 * L), c2);
    }
    c0.intoArray(c, ci);
    c1.intoArray(c, ci + L);
    c2.intoArray(c, ci + 2 * L);
  }

  private static void kernel4x1v(int kc, float[] a, int ai, int ars, int acs, float[] bp,
      float[] c, int ci, int ldc, boolean load) {
    FloatVector c0;
    FloatVector c1;
    FloatVector c2;
    FloatVector c3;
    if (load) {
      c0 = FloatVector.fromArray(F, c, ci);
      c1 = FloatVector.fromArray(F, c, ci + ldc);
      c2 = FloatVector.fromArray(F, c, ci + 2 * ldc);
      c3 = FloatVector.fromArray(F, c, ci + 3 * ldc);
    } else {
      c0 = c1 = c2 = c3 = FloatVector.zero(F);
    }
    int a1 = ai + ars;
    int a2 = ai + 2 * ars;
    int a3 = ai + 3 * ars;
    for (int p = 0, bo = 0, ao = 0; p < kc; p++, bo += L, ao += acs) {
      FloatVector bv = FloatVector.fromArray(F, bp, bo);
      c0 = FloatVector.broadcast(F, a[ai + ao]).fma(bv, c0);
      c1 = FloatVector.broadcast(F, a[a1 + ao]).fma(bv, c1);
      c2 = FloatVector.broadcast(F, a[a2 + ao]).fma(bv, c2);
      c3 = FloatVector.broadcast(F, a[a3 + ao]).fma(bv, c3);
    }
    c0.intoArray(c, ci);
    c1.intoArray(c, ci + ldc);
    c2.intoArray(c, ci + 2 * ldc);
    c3.intoArray(c, ci + 3 * ldc);
  }

  private static void kernel1x1v(int kc, float[] a, int ai, int acs, float[] bp, float[] c,
      int ci, boolean load) {
    FloatVector c0 = load ? FloatVector.fromArray(F, c, ci) : FloatVector.zero(F);
    for (int p = 0, bo = 0, ao = ai; p < kc; p++, bo += L, ao += acs) {
      c0 = FloatVector.broadcast(F, a[ao]).fma(FloatVector.fromArray(F, bp, bo), c0);
    }
    c0.intoArray(c, ci);
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
    float s = s0.add(s1).reduceLanes(VectorOperators.ADD);
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

  @Override
  public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
    int bound = F.loopBound(n);
    FloatVector one = FloatVector.broadcast(F, 1f);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector e = FloatVector.fromArray(F, x, xOff + i).neg().lanewise(VectorOperators.EXP);
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
      SCALAR.softmaxRows(m, n, x, xOff, y, yOff);
      return;
    }
    int bound = F.loopBound(n);
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
        FloatVector e = FloatVector.fromArray(F, x, xo + j).sub(max).lanewise(VectorOperators.EXP);
        e.intoArray(y, yo + j);
        sv = sv.add(e);
      }
      float s = sv.reduceLanes(VectorOperators.ADD);
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

  @Override
  public float crossEntropyOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff) {
    int total = m * n;
    int bound = F.loopBound(total);
    FloatVector acc = FloatVector.zero(F);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector logy =
          FloatVector.fromArray(F, y, yOff + i).add(Kernels.LOG_GUARD).lanewise(VectorOperators.LOG);
      acc = FloatVector.fromArray(F, t, tOff + i).fma(logy, acc);
    }
    float s = acc.reduceLanes(VectorOperators.ADD);
    for (; i < total; i++) {
      s += t[tOff + i] * (float) Math.log(y[yOff + i] + Kernels.LOG_GUARD);
    }
    return -s / m;
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
