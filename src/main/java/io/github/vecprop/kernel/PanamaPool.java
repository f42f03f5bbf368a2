package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.INTS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * The Vector API form of the 2 × 2 max pooling without padding ({@link ConvKernels#maxPool}),
 * any stride: each lane is one window position of an output row, and runs the twin's four steps
 * on it in the twin's order ({@code a = v > m ? at : a; m = max(m, v)} for the elements (0,1),
 * (1,0), (1,1) after m = (0,0)), so values and winners are the twin's, NaN, ties and ±0 included
 * ({@code VectorOperators.MAX} is {@code Math.max}).
 *
 * <p>How: the lanes cover every input column of the row pair from the first window's left edge
 * to the last window's, so the four loads are plain (unaligned) vector loads at offsets 0, 1, w
 * and w + 1; the windows' results are then taken from every stride-th lane. For stride 2 that
 * computes twice the windows it keeps, and still beats the twin's one window at a time (whose
 * four dependent compare-and-select steps are latency-bound): 2.8–3.3 ms against 4.3–6.1 ms for
 * the book's 100 × 30 × 24 × 24, interleaved runs on the Intel VM (2026-12-03). Gathering the four
 * elements of 16 windows at once instead measured 2.4 ms without the winners alone. A row whose
 * last vector would read past the array goes to the twin's code.
 *
 * <p>Stride 2 has its own path ({@link #stride2}): the four elements of LANES windows are
 * deinterleaved from the row pair's 2·LANES columns, so no lane is dropped and results go
 * straight to y and arg, with no scalar loop picking every second lane. The book's pooling of
 * 100 × 30 × 24 × 24 (a probe, Zen 5, 2026-12-04): 1.02–1.07 ms before, 0.46–0.74 ms after on
 * JDK 17, 0.34–0.36 ms on JDK 25.
 */
final class PanamaPool {
  private PanamaPool() {}

  private static final int[] IOTA = new int[64];

  static {
    for (int i = 0; i < IOTA.length; i++) {
      IOTA[i] = i;
    }
  }

  /**
   * Deinterleaving two vectors side by side (lane i takes lane 2i, or 2i + 1, of the pair): EVEN
   * and ODD take lane 2i mod LANES (2i + 1 mod LANES) of one vector, and a blend on HIGH takes
   * the low half of the result from the first vector's, the high half from the second's.
   * One-vector shuffles with in-range indexes, because JDK 17 compiles the two-vector
   * {@code rearrange(s, v)} to code that allocates.
   */
  private static final VectorShuffle<Float> EVEN;
  private static final VectorShuffle<Float> ODD;
  private static final VectorMask<Float> HIGH;
  /** 0, 2, 4, …: the window starts of LANES stride-2 windows, relative to the first. */
  private static final int[] TWICE = new int[64];

  static {
    int[] even = new int[LANES];
    int[] odd = new int[LANES];
    boolean[] high = new boolean[LANES];
    for (int i = 0; i < LANES; i++) {
      even[i] = (2 * i) % LANES;
      odd[i] = (2 * i + 1) % LANES;
      high[i] = 2 * i >= LANES;
    }
    EVEN = VectorShuffle.fromArray(FLOATS, even, 0);
    ODD = VectorShuffle.fromArray(FLOATS, odd, 0);
    HIGH = VectorMask.fromArray(FLOATS, high, 0);
    for (int i = 0; i < TWICE.length; i++) {
      TWICE[i] = 2 * i;
    }
  }

  static void maxPool2x2(int planes, Window g, float[] x, int xOff, float[] y, int yOff,
      int[] arg) {
    if (g.stride() == 2) {
      stride2(planes, g, x, xOff, y, yOff, arg);
      return;
    }
    int w = g.width();
    int s = g.stride();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int span = (ow - 1) * s + 1;
    int chunks = (span + LANES - 1) / LANES;
    Scratch sc = Scratch.get();
    float[] rm = sc.poolValues(chunks * LANES);
    int[] ra = sc.poolWinners(chunks * LANES);
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * g.height() * w;
      for (int oy = 0; oy < oh; oy++, o += ow) {
        int r0 = base + oy * s * w;
        if ((long) xOff + r0 + (long) chunks * LANES + w >= x.length) {
          ConvKernels.poolRow2x2(g, x, xOff, base, oy, y, yOff + o, arg, o);
          continue;
        }
        for (int c = 0; c < chunks; c++) {
          windows(x, xOff, r0 + c * LANES, w, rm, ra, c * LANES);
        }
        for (int ox = 0; ox < ow; ox++) {
          y[yOff + o + ox] = rm[ox * s];
          arg[o + ox] = ra[ox * s];
        }
      }
    }
  }

  /**
   * Stride 2, the book's pooling: LANES windows of an output row at once, each lane one window,
   * its four elements taken from the row pair's 2·LANES columns by deinterleaving (the even and
   * the odd lanes of two vectors), so no lane is computed and dropped and the results are stored
   * straight into y and arg. A row's last vector may store past the row: the next row, written
   * after it, overwrites those lanes; the call's last vectors, which would store past the call's
   * outputs, and rows whose loads would read past x go through a scratch row or the twin.
   */
  private static void stride2(int planes, Window g, float[] x, int xOff, float[] y, int yOff,
      int[] arg) {
    int w = g.width();
    int oh = g.outHeight();
    int ow = g.outWidth();
    int outs = planes * oh * ow;
    Scratch sc = Scratch.get();
    float[] rm = sc.poolValues(LANES);
    int[] ra = sc.poolWinners(LANES);
    int o = 0;
    for (int plane = 0; plane < planes; plane++) {
      int base = plane * g.height() * w;
      for (int oy = 0; oy < oh; oy++, o += ow) {
        int r0 = base + oy * 2 * w;
        int last = r0 + 2 * ((ow - 1) / LANES) * LANES; // the row's last vector's first column
        if ((long) xOff + last + w + 2L * LANES > x.length) {
          ConvKernels.poolRow2x2(g, x, xOff, base, oy, y, yOff + o, arg, o);
          continue;
        }
        for (int ox = 0; ox < ow; ox += LANES) {
          int at = o + ox;
          if (at + LANES <= outs) {
            windows2(x, xOff, r0 + 2 * ox, w, y, yOff + at, arg, at);
          } else {
            windows2(x, xOff, r0 + 2 * ox, w, rm, 0, ra, 0);
            int n = Math.min(LANES, ow - ox);
            System.arraycopy(rm, 0, y, yOff + at, n);
            System.arraycopy(ra, 0, arg, at, n);
          }
        }
      }
    }
  }

  /**
   * The LANES stride-2 windows whose first top-left element is x[xOff + at]: values into y at
   * yAt, winners into arg at argAt.
   */
  private static void windows2(float[] x, int xOff, int at, int w, float[] y, int yAt,
      int[] arg, int argAt) {
    FloatVector t0 = FloatVector.fromArray(FLOATS, x, xOff + at);
    FloatVector t1 = FloatVector.fromArray(FLOATS, x, xOff + at + LANES);
    FloatVector b0 = FloatVector.fromArray(FLOATS, x, xOff + at + w);
    FloatVector b1 = FloatVector.fromArray(FLOATS, x, xOff + at + w + LANES);
    IntVector pos = IntVector.fromArray(INTS, TWICE, 0).add(at);
    FloatVector m = t0.rearrange(EVEN).blend(t1.rearrange(EVEN), HIGH);
    IntVector a = pos;
    FloatVector v = t0.rearrange(ODD).blend(t1.rearrange(ODD), HIGH);
    a = a.blend(pos.add(1), v.compare(VectorOperators.GT, m).cast(INTS));
    m = m.max(v);
    v = b0.rearrange(EVEN).blend(b1.rearrange(EVEN), HIGH);
    a = a.blend(pos.add(w), v.compare(VectorOperators.GT, m).cast(INTS));
    m = m.max(v);
    v = b0.rearrange(ODD).blend(b1.rearrange(ODD), HIGH);
    a = a.blend(pos.add(w + 1), v.compare(VectorOperators.GT, m).cast(INTS));
    m = m.max(v);
    m.intoArray(y, yAt);
    a.intoArray(arg, argAt);
  }

  /**
   * {@link ConvKernels#reluAfterMaxPool} a vector at a time: routes = y &gt; 0 ? arg : −1 and y =
   * max(y, 0) per lane; a vector holding a NaN goes to the twin's loop, which reads the winner's
   * value (the scalar loop took 0.5–0.7 ms of the book's fused forward, Zen 5, 2026-12-04).
   */
  static void reluAfterMaxPool(int n, float[] y, int yOff, int[] arg, float[] x, int xOff,
      int[] routes, int routesOff) {
    IntVector none = IntVector.broadcast(INTS, -1);
    int bound = FLOATS.loopBound(n);
    int j = 0;
    for (; j < bound; j += LANES) {
      FloatVector m = FloatVector.fromArray(FLOATS, y, yOff + j);
      if (m.compare(VectorOperators.NE, m).anyTrue()) {
        ConvKernels.reluAfterMaxPoolFrom(j, j + LANES, y, yOff, arg, x, xOff, routes, routesOff);
        continue;
      }
      VectorMask<Integer> pass = m.compare(VectorOperators.GT, 0f).cast(INTS);
      none.blend(IntVector.fromArray(INTS, arg, j), pass).intoArray(routes, routesOff + j);
      m.max(0f).intoArray(y, yOff + j);
    }
    ConvKernels.reluAfterMaxPoolFrom(j, n, y, yOff, arg, x, xOff, routes, routesOff);
  }

  /** The windows whose top-left elements are x[xOff + at ..] (LANES of them), into rm and ra. */
  private static void windows(float[] x, int xOff, int at, int w, float[] rm, int[] ra, int c) {
    IntVector pos = IntVector.fromArray(INTS, IOTA, 0).add(at);
    FloatVector m = FloatVector.fromArray(FLOATS, x, xOff + at);
    IntVector a = pos;
    FloatVector v = FloatVector.fromArray(FLOATS, x, xOff + at + 1);
    a = a.blend(pos.add(1), v.compare(VectorOperators.GT, m).cast(INTS));
    m = m.max(v);
    v = FloatVector.fromArray(FLOATS, x, xOff + at + w);
    a = a.blend(pos.add(w), v.compare(VectorOperators.GT, m).cast(INTS));
    m = m.max(v);
    v = FloatVector.fromArray(FLOATS, x, xOff + at + w + 1);
    a = a.blend(pos.add(w + 1), v.compare(VectorOperators.GT, m).cast(INTS));
    m = m.max(v);
    m.intoArray(rm, c);
    a.intoArray(ra, c);
  }
}
