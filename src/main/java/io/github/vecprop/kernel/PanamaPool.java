package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.INTS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

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
 */
final class PanamaPool {
  private PanamaPool() {}

  private static final int[] IOTA = new int[64];

  static {
    for (int i = 0; i < IOTA.length; i++) {
      IOTA[i] = i;
    }
  }

  static void maxPool2x2(int planes, Window g, float[] x, int xOff, float[] y, int yOff,
      int[] arg) {
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
