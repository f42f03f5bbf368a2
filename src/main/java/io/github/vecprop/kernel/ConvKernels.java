package io.github.vecprop.kernel;

import java.util.Arrays;

/**
 * The data movement of convolution and pooling over NCHW samples: im2col in both orientations,
 * its adjoint col2im, and max pooling with its backward: one room of the {@link Kernels} facade.
 * The multiply-adds of a convolution are products ({@link ConvProducts}, {@link Kernels#gemm},
 * {@link Kernels#gemmTransA}) on the matrices these build.
 *
 * <p><b>Mostly one implementation.</b> The copies, col2im and pooling backward have no Vector API
 * variant: they copy and add in one fixed order, and C2 turns their contiguous inner loops
 * (copies, fills, the adds of a stride-1 col2im) into vector code by itself. The 2 × 2 max
 * pooling without padding has one, served through the elementwise family like every other kernel
 * ({@link PanamaPool}; the twin is {@link #poolRow2x2}, lane for window). The orders, which make
 * the bits: col2im adds
 * the contributions to each input element in increasing im2col row (channel, window row, window
 * column), onto +0; pooling backward adds the gradients routed to an element in increasing output
 * index, onto +0.
 *
 * <p><b>Layouts.</b> A sample is {@code C × H × W} floats; its im2col matrix {@code col} is
 * {@code patchSize × positions}: row {@code (c·KH + ky)·KW + kx}, column {@code oy·OW + ox} holds
 * {@code x[c, oy·stride + ky − pad, ox·stride + kx − pad]}, or 0 in the padding. The transposed
 * form is {@code positions × patchSize}. Callers allocate; nothing here does.
 */
public final class ConvKernels {
  private ConvKernels() {}

  /**
   * One sample's im2col matrix: x (C×H×W) read, col (patchSize × positions) written.
   *
   * @param g the geometry
   * @param x the sample at xOff: read
   * @param xOff offset of x[0,0,0]
   * @param col patchSize·positions floats at colOff: written
   * @param colOff offset of col[0,0]
   * @throws IllegalArgumentException when an array is null or short
   */
  public static void im2col(Window g, float[] x, int xOff, float[] col, int colOff) {
    Checks.range("x", x, xOff, g.inputSize());
    Checks.range("col", col, colOff, (long) g.patchSize() * g.positions());
    Checks.distinct("col", col, "x", x);
    int at = colOff;
    int rowLen = g.positions();
    for (int c = 0; c < g.channels(); c++) {
      for (int ky = 0; ky < g.kernelHeight(); ky++) {
        for (int kx = 0; kx < g.kernelWidth(); kx++, at += rowLen) {
          colRow(g, x, xOff, c, ky, kx, col, at);
        }
      }
    }
  }

  /**
   * One row (c, ky, kx) of the im2col matrix. Small methods called per row, here and below, so
   * that C2 compiles them within a few steps: a whole-sample loop called once per sample stayed
   * in profiled C1 code (the same happened to pooling).
   */
  private static void colRow(Window g, float[] x, int xOff, int c, int ky, int kx, float[] col,
      int at) {
    int h = g.height();
    int w = g.width();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int s = g.stride();
    int p = g.pad();
    // Columns ox with 0 <= ox·s + kx − p < w: [lo, hi).
    int lo = Math.min(ow, Math.max(0, ceilDiv(p - kx, s)));
    int hi = Math.max(lo, Math.min(ow, ceilDiv(w + p - kx, s)));
    if (s == 1) {
      // Rows oy with 0 <= oy + ky − p < h: [yLo, yHi); outside them, and left of lo and right
      // of hi, zeros (padding; without it the rows and columns are all inside).
      int yLo = Math.min(oh, Math.max(0, p - ky));
      int yHi = Math.max(yLo, Math.min(oh, h + p - ky));
      if (p > 0) {
        Arrays.fill(col, at, at + oh * ow, 0f);
      }
      if (hi > lo && yHi > yLo) {
        Kernels.conv(0).copyRows(yHi - yLo, hi - lo, x, xOff + (c * h + yLo + ky - p) * w + kx
            - p + lo, w, col, at + yLo * ow + lo, ow);
      }
      return;
    }
    for (int oy = 0; oy < oh; oy++, at += ow) {
      int iy = oy * s + ky - p;
      if (iy < 0 || iy >= h) {
        Arrays.fill(col, at, at + ow, 0f);
        continue;
      }
      int src = xOff + (c * h + iy) * w + kx - p;
      Arrays.fill(col, at, at + lo, 0f);
      for (int ox = lo; ox < hi; ox++) {
        col[at + ox] = x[src + ox * s];
      }
      Arrays.fill(col, at + hi, at + ow, 0f);
    }
  }

  /**
   * One sample's im2col matrix transposed: x (C×H×W) read, colT (positions × patchSize)
   * written, colT[q, r] = col[r, q].
   *
   * @param g the geometry
   * @param x the sample at xOff: read
   * @param xOff offset of x[0,0,0]
   * @param colT positions·patchSize floats at colOff: written
   * @param colOff offset of colT[0,0]
   * @throws IllegalArgumentException when an array is null or short
   */
  public static void im2colTransposed(Window g, float[] x, int xOff, float[] colT, int colOff) {
    Checks.range("x", x, xOff, g.inputSize());
    Checks.range("colT", colT, colOff, (long) g.patchSize() * g.positions());
    Checks.distinct("colT", colT, "x", x);
    int at = colOff;
    int rowLen = g.outWidth() * g.patchSize();
    for (int oy = 0; oy < g.outHeight(); oy++, at += rowLen) {
      colTRows(g, x, xOff, oy, colT, at);
    }
  }

  /** The rows of the transposed im2col matrix for output row oy (OW rows of patchSize). */
  private static void colTRows(Window g, float[] x, int xOff, int oy, float[] colT, int at) {
    int h = g.height();
    int w = g.width();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int s = g.stride();
    int p = g.pad();
    for (int ox = 0; ox < g.outWidth(); ox++) {
      for (int c = 0; c < g.channels(); c++) {
        for (int ky = 0; ky < kh; ky++) {
          int iy = oy * s + ky - p;
          if (iy < 0 || iy >= h) {
            Arrays.fill(colT, at, at + kw, 0f);
            at += kw;
            continue;
          }
          int row = xOff + (c * h + iy) * w;
          int x0 = ox * s - p;
          if (x0 >= 0 && x0 + kw <= w) {
            for (int kx = 0; kx < kw; kx++) {
              colT[at + kx] = x[row + x0 + kx];
            }
            at += kw;
            continue;
          }
          for (int kx = 0; kx < kw; kx++, at++) {
            int ix = x0 + kx;
            colT[at] = ix >= 0 && ix < w ? x[row + ix] : 0f;
          }
        }
      }
    }
  }

  /**
   * The adjoint of {@link #im2col}: dx (C×H×W) = +0 plus every col element added back where
   * im2col read it, in increasing col row, then column (so each dx element sums its windows'
   * contributions in increasing row); padding positions are dropped.
   *
   * @param g the geometry
   * @param col patchSize × positions at colOff: read
   * @param colOff offset of col[0,0]
   * @param dx C·H·W floats at dxOff: written
   * @param dxOff offset of dx[0,0,0]
   * @throws IllegalArgumentException when an array is null or short
   */
  public static void col2im(Window g, float[] col, int colOff, float[] dx, int dxOff) {
    Checks.range("col", col, colOff, (long) g.patchSize() * g.positions());
    Checks.range("dx", dx, dxOff, g.inputSize());
    Checks.distinct("dx", dx, "col", col);
    Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0f);
    int at = colOff;
    int rowLen = g.positions();
    for (int c = 0; c < g.channels(); c++) {
      for (int ky = 0; ky < g.kernelHeight(); ky++) {
        for (int kx = 0; kx < g.kernelWidth(); kx++, at += rowLen) {
          addRow(g, col, at, c, ky, kx, dx, dxOff);
        }
      }
    }
  }

  /** Adds one im2col row (c, ky, kx) back into dx, in increasing column. */
  private static void addRow(Window g, float[] col, int at, int c, int ky, int kx, float[] dx,
      int dxOff) {
    int h = g.height();
    int w = g.width();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int s = g.stride();
    int p = g.pad();
    int lo = Math.min(ow, Math.max(0, ceilDiv(p - kx, s)));
    int hi = Math.max(lo, Math.min(ow, ceilDiv(w + p - kx, s)));
    for (int oy = 0; oy < oh; oy++, at += ow) {
      int iy = oy * s + ky - p;
      if (iy < 0 || iy >= h) {
        continue;
      }
      int dst = dxOff + (c * h + iy) * w + kx - p;
      for (int ox = lo; ox < hi; ox++) {
        dx[dst + ox * s] += col[at + ox];
      }
    }
  }

  /**
   * Max pooling over {@code batch} samples: y[n, c, oy, ox] = the largest x in the window
   * (padding positions are not candidates, so a window holds at least one input element).
   * Scanning the window in row-major order from its first element, per element
   * {@code arg = v > m ? v's index : arg; m = Math.max(m, v)}: so y is {@link Math#max} of the
   * window (NaN when it holds one; +0 over −0), and arg[i], the winner's index in x relative to
   * xOff, is the first largest element: the first of a tie; with a NaN in the window, the first
   * largest of the elements before the first NaN (the NaN itself when it comes first).
   *
   * @param batch samples
   * @param g the geometry (pad must be below both window sizes)
   * @param x batch·C·H·W at xOff: read
   * @param xOff offset of the first sample
   * @param y batch·C·positions at yOff: written
   * @param yOff offset of y's first sample
   * @param arg batch·C·positions ints from 0: written
   * @throws IllegalArgumentException on a negative batch, a pad not below the window, or an
   *     array null or short
   */
  public static void maxPool(int batch, Window g, float[] x, int xOff, float[] y, int yOff,
      int[] arg) {
    Checks.count(batch);
    checkPoolPad(g);
    long outs = (long) batch * g.channels() * g.positions();
    Checks.range("x", x, xOff, (long) batch * g.inputSize());
    Checks.range("y", y, yOff, outs);
    if (arg == null || arg.length < outs) {
      throw new IllegalArgumentException("arg: needs " + outs + " ints, has "
          + (arg == null ? "null" : arg.length));
    }
    Checks.distinct("y", y, "x", x);
    if (g.kernelHeight() == 2 && g.kernelWidth() == 2 && g.pad() == 0) {
      Kernels.conv(0).maxPool2x2(batch * g.channels(), g, x, xOff, y, yOff, arg);
      return;
    }
    int oh = g.outHeight();
    int ow = g.outWidth();
    int o = 0;
    for (int plane = 0; plane < batch * g.channels(); plane++) {
      int base = plane * g.height() * g.width();
      for (int oy = 0; oy < oh; oy++, o += ow) {
        poolRow(g, x, xOff, base, oy, y, yOff + o, arg, o);
      }
    }
  }

  /** The twin's 2 × 2 pooling without padding: {@link #poolRow2x2} for every output row. */
  static void maxPool2x2Rows(int planes, Window g, float[] x, int xOff, float[] y, int yOff,
      int[] arg) {
    int oh = g.outHeight();
    int ow = g.outWidth();
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * g.height() * g.width();
      for (int oy = 0; oy < oh; oy++, o += ow) {
        poolRow2x2(g, x, xOff, base, oy, y, yOff + o, arg, o);
      }
    }
  }

  /**
   * One output row of {@link #maxPool}: each output keeps its running maximum in a register and
   * reads its window's real (non-padding) elements in row-major order; per element
   * {@code a = v > m ? at : a; m = Math.max(m, v)}. Both are branch-free on x86 (an int cmov and
   * {@code vmaxss}): with random data {@code v > m} is a coin toss, and the branchy form of the
   * same loop took 17 ms for the book's 30×24×24 batch of 100 against 5 ms. A small method called
   * once per output row, so C2 compiles it within the first step.
   */
  private static void poolRow(Window g, float[] x, int xOff, int base, int oy, float[] y,
      int yAt, int[] arg, int argAt) {
    int h = g.height();
    int w = g.width();
    int s = g.stride();
    int p = g.pad();
    int kw = g.kernelWidth();
    int y0 = oy * s - p;
    int kyLo = Math.max(0, -y0);
    int kyHi = Math.min(g.kernelHeight(), h - y0);
    for (int ox = 0, x0 = -p; ox < g.outWidth(); ox++, x0 += s) {
      int kxLo = Math.max(0, -x0);
      int kxHi = Math.min(kw, w - x0);
      int first = base + (y0 + kyLo) * w + x0 + kxLo;
      float m = x[xOff + first];
      int a = first;
      for (int ky = kyLo; ky < kyHi; ky++) {
        int row = base + (y0 + ky) * w + x0;
        for (int kx = kxLo; kx < kxHi; kx++) {
          float v = x[xOff + row + kx];
          a = v > m ? row + kx : a;
          m = Math.max(m, v);
        }
      }
      y[yAt + ox] = m;
      arg[argAt + ox] = a;
    }
  }

  /**
   * {@link #poolRow} for the common 2×2 window without padding (any stride), written out: the
   * same four elements in the same order and the same two steps per element, so the same bits
   * and the same winner; without the inner loops, whose set-up costs more than four compares
   * (12.5 ms against 5 ms for the book's batch).
   */
  static void poolRow2x2(Window g, float[] x, int xOff, int base, int oy, float[] y,
      int yAt, int[] arg, int argAt) {
    int w = g.width();
    int s = g.stride();
    int top = base + oy * s * w;
    for (int ox = 0; ox < g.outWidth(); ox++) {
      int a = top + ox * s;
      float m = x[xOff + a];
      int at = a + 1;
      float v = x[xOff + at];
      a = v > m ? at : a;
      m = Math.max(m, v);
      at += w - 1;
      v = x[xOff + at];
      a = v > m ? at : a;
      m = Math.max(m, v);
      at++;
      v = x[xOff + at];
      a = v > m ? at : a;
      m = Math.max(m, v);
      y[yAt + ox] = m;
      arg[argAt + ox] = a;
    }
  }

  /**
   * A ReLU after a max pooling, for a convolution → ReLU → pooling run in one pass: over n
   * pooled outputs y (from {@link #maxPool} of the convolution's output x) and their winners arg,
   * routes[j] = arg[j] where the ReLU would pass the winner, else −1, and then y[j] =
   * {@code Math.max(y[j], 0)}. The ReLU passes the winner where y[j] &gt; 0, or, when y[j] is NaN
   * (a NaN in the window), where the winner's own value x[arg[j]] is &gt; 0. Pooling first and
   * then the ReLU gives the values, and the passed winners, of pooling the ReLU's output (the
   * first largest input is the first largest output wherever that is &gt; 0).
   *
   * @param n outputs
   * @param y n pooled outputs at yOff: read and written
   * @param yOff offset of y[0]
   * @param arg n winners from 0, indexes into x from xOff: read
   * @param x the pooled input at xOff: read at the winners of NaN outputs only
   * @param xOff offset of x[0]
   * @param routes n ints at routesOff: written
   * @param routesOff offset of routes[0]
   * @throws IllegalArgumentException on a negative n or an array null or short
   */
  public static void reluAfterMaxPool(int n, float[] y, int yOff, int[] arg, float[] x, int xOff,
      int[] routes, int routesOff) {
    Checks.count(n);
    Checks.range("y", y, yOff, n);
    if (arg == null || arg.length < n || routes == null || routes.length - (long) routesOff < n
        || routesOff < 0 || x == null) {
      throw new IllegalArgumentException("arg, routes and x: need " + n + " ints each and an"
          + " input, got " + (arg == null ? "null" : arg.length) + " and "
          + (routes == null ? "null" : routes.length - routesOff));
    }
    Kernels.conv(0).reluAfterMaxPool(n, y, yOff, arg, x, xOff, routes, routesOff);
  }

  /** The twin of {@link #reluAfterMaxPool} from element j on. */
  static void reluAfterMaxPoolFrom(int j, int n, float[] y, int yOff, int[] arg, float[] x,
      int xOff, int[] routes, int routesOff) {
    for (; j < n; j++) {
      int a = arg[j];
      float m = y[yOff + j];
      boolean pass = m > 0f;
      if (m != m) {
        pass = x[xOff + a] > 0f;
      }
      routes[routesOff + j] = pass ? a : -1;
      y[yOff + j] = Math.max(m, 0f);
    }
  }

  /**
   * The backward of {@link #maxPool}: dx = +0, then dx[arg[i]] += dout[i] for i in increasing
   * order (overlapping windows add up in that order).
   *
   * @param batch samples
   * @param g the geometry of the forward
   * @param dout batch·C·positions at doutOff: read
   * @param doutOff offset of dout's first sample
   * @param arg the winners recorded by the forward: read
   * @param dx batch·C·H·W at dxOff: written
   * @param dxOff offset of dx's first sample
   * @throws IllegalArgumentException on a negative batch, an array null or short, or an arg
   *     outside the batch's input
   */
  public static void maxPoolBackward(int batch, Window g, float[] dout, int doutOff, int[] arg,
      float[] dx, int dxOff) {
    Checks.count(batch);
    int outs = batch * g.channels() * g.positions();
    int ins = batch * g.inputSize();
    Checks.range("dout", dout, doutOff, outs);
    Checks.range("dx", dx, dxOff, ins);
    if (arg == null || arg.length < outs) {
      throw new IllegalArgumentException("arg: needs " + outs + " ints, has "
          + (arg == null ? "null" : arg.length));
    }
    Checks.distinct("dx", dx, "dout", dout);
    Arrays.fill(dx, dxOff, dxOff + ins, 0f);
    for (int i = 0; i < outs; i++) {
      int a = arg[i];
      if (a < 0 || a >= ins) {
        throw new IllegalArgumentException("arg[" + i + "]: " + a + " is outside 0.." + (ins - 1));
      }
      dx[dxOff + a] += dout[doutOff + i];
    }
  }

  /**
   * Fills each of m rows of n floats with its row's value: out[i, j] = v[i] (a convolution's
   * bias, from which its GEMM's FMA chains start).
   *
   * @param m rows
   * @param n columns
   * @param v m floats at vOff: read
   * @param vOff offset of v[0]
   * @param out m×n at outOff: written
   * @param outOff offset of out[0,0]
   * @throws IllegalArgumentException on a negative dimension or an array null or short
   */
  public static void fillRows(int m, int n, float[] v, int vOff, float[] out, int outOff) {
    Checks.dims(m, n, 0);
    Checks.range("v", v, vOff, m);
    Checks.range("out", out, outOff, (long) m * n);
    for (int i = 0; i < m; i++) {
      Arrays.fill(out, outOff + i * n, outOff + (i + 1) * n, v[vOff + i]);
    }
  }

  /** Pooling with pad ≥ a window size could hold a window of padding only. */
  static void checkPoolPad(Window g) {
    if (g.pad() >= g.kernelHeight() || g.pad() >= g.kernelWidth()) {
      throw new IllegalArgumentException("pooling pad " + g.pad() + " must be below the window "
          + g.kernelHeight() + "×" + g.kernelWidth());
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }
}
