package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The Vector API forms of {@link ScalarMath}: e^x and the ordered sum, the same operations in the
 * same order, so each lane gives the bits the twin gives for that element.
 */
final class VectorMath {
  private VectorMath() {}

  /** {@link ScalarMath#exp} on every lane: +, ×, FMA and bit moves only, same in every JIT tier. */
  static FloatVector exp(FloatVector x) {
    x = x.min(ScalarMath.EXP_HI).max(ScalarMath.EXP_LO);
    FloatVector t = x.fma(ScalarMath.LOG2E, ScalarMath.ROUNDER);
    FloatVector n = t.sub(ScalarMath.ROUNDER);
    FloatVector r = n.fma(FloatVector.broadcast(FLOATS, -ScalarMath.LN2_HI), x);
    r = n.fma(FloatVector.broadcast(FLOATS, -ScalarMath.LN2_LO), r);
    FloatVector p = r.fma(ScalarMath.P5, ScalarMath.P4);
    p = p.fma(r, FloatVector.broadcast(FLOATS, ScalarMath.P3));
    p = p.fma(r, FloatVector.broadcast(FLOATS, ScalarMath.P2));
    p = p.fma(r, FloatVector.broadcast(FLOATS, ScalarMath.P1));
    p = p.fma(r, FloatVector.broadcast(FLOATS, ScalarMath.P0));
    FloatVector e = p.mul(r).fma(r, r).add(1f);
    IntVector k = t.reinterpretAsInts().sub(ScalarMath.ROUNDER_BITS - 127)
        .lanewise(VectorOperators.LSHL, 23);
    return e.mul(k.reinterpretAsFloats());
  }

  /**
   * {@link ScalarMath#orderedSum} of x[off, off+n): the 32 partial sums are 32 / LANES vectors,
   * accumulated a block at a time in {@code lanes} (32 floats of the caller's scratch, which also
   * keeps every vector in a local: a vector passed to a call that is not inlined is boxed), then
   * added left to right.
   */
  static float orderedSum(int n, float[] x, int off, float[] lanes) {
    int whole = n / ScalarMath.PARTIALS * ScalarMath.PARTIALS;
    if (whole == 0) {
      return ScalarMath.orderedSum(n, x, off);
    }
    for (int v = 0; v < ScalarMath.PARTIALS; v += LANES) {
      FloatVector acc = FloatVector.fromArray(FLOATS, x, off + v);
      for (int i = ScalarMath.PARTIALS; i < whole; i += ScalarMath.PARTIALS) {
        acc = acc.add(FloatVector.fromArray(FLOATS, x, off + i + v));
      }
      acc.intoArray(lanes, v);
    }
    float s = lanes[0];
    for (int j = 1; j < ScalarMath.PARTIALS; j++) {
      s += lanes[j];
    }
    for (int i = whole; i < n; i++) {
      s += x[off + i];
    }
    return s;
  }
}
