package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Softmax, the fused softmax-with-loss backward and argmax on the Vector API. Row maxima are
 * exact whatever the order; exponentials are {@link VectorMath#exp} (the twin's
 * {@link ScalarMath#exp} in the tails); the denominator is the ordered sum of the row, so a row
 * gives the same bits alone or inside any batch, at either vector width. The losses themselves
 * (one log per row) run on the twin for both implementations.
 */
final class PanamaSoftmax {
  private PanamaSoftmax() {}

  private static final ScalarKernelSupport TWIN = ScalarKernelSupport.INSTANCE;

  static void softmaxRows(int m, int n, float[] x, int xOff, float[] y, int yOff) {
    if (n < LANES) {
      softmaxNarrow(m, n, x, xOff, y, yOff);
      return;
    }
    int bound = FLOATS.loopBound(n);
    float[] lanes = Scratch.get().lanes;
    for (int r = 0; r < m; r++) {
      int xo = xOff + r * n;
      int yo = yOff + r * n;
      float max = rowMax(n, x, xo);
      int j = 0;
      for (; j < bound; j += LANES) {
        VectorMath.exp(FloatVector.fromArray(FLOATS, x, xo + j).sub(max)).intoArray(y, yo + j);
      }
      for (; j < n; j++) {
        y[yo + j] = ScalarMath.exp(x[xo + j] - max);
      }
      float inv = 1f / VectorMath.orderedSum(n, y, yo, lanes);
      for (j = 0; j < bound; j += LANES) {
        FloatVector.fromArray(FLOATS, y, yo + j).mul(inv).intoArray(y, yo + j);
      }
      for (; j < n; j++) {
        y[yo + j] *= inv;
      }
    }
  }

  /**
   * Rows narrower than a vector (the seed's 10 classes): shift each row by its max, then one
   * vector exp pass over the whole contiguous m×n block, then normalise row by row. Per-row
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
    int bound = FLOATS.loopBound(total);
    int i = 0;
    for (; i < bound; i += LANES) {
      VectorMath.exp(FloatVector.fromArray(FLOATS, y, yOff + i)).intoArray(y, yOff + i);
    }
    // A scalar tail: a masked vector here allocated its mask on JDK 17 (440 B a training step,
    // caught by TrainingStepAllocationTest).
    for (; i < total; i++) {
      y[yOff + i] = ScalarMath.exp(y[yOff + i]);
    }
    for (int r = 0; r < m; r++) {
      int yo = yOff + r * n;
      // n < LANES ≤ 32: the ordered sum of so few is left to right.
      float inv = 1f / ScalarMath.orderedSum(n, y, yo);
      for (int j = 0; j < n; j++) {
        y[yo + j] *= inv;
      }
    }
  }

  static void softmaxLossBackwardOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff,
      float[] dx, int dxOff) {
    int total = m * n;
    int bound = FLOATS.loopBound(total);
    float inv = 1f / m;
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, y, yOff + i)
          .sub(FloatVector.fromArray(FLOATS, t, tOff + i))
          .mul(inv)
          .intoArray(dx, dxOff + i);
    }
    for (; i < total; i++) {
      dx[dxOff + i] = (y[yOff + i] - t[tOff + i]) * inv;
    }
  }

  static void softmaxLossBackwardIndex(int m, int n, float[] y, int yOff, int[] labels,
      int labelsOff, float[] dx, int dxOff) {
    int total = m * n;
    int bound = FLOATS.loopBound(total);
    float inv = 1f / m;
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, y, yOff + i).mul(inv).intoArray(dx, dxOff + i);
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

  static void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
    if (n < LANES) {
      TWIN.argmaxRows(m, n, x, xOff, out, outOff);
      return;
    }
    int bound = FLOATS.loopBound(n);
    for (int r = 0; r < m; r++) {
      int xo = xOff + r * n;
      float max = rowMax(n, x, xo);
      int best = -1;
      int j;
      if (!Float.isNaN(max)) {
        // First lane equal to the maximum, found a vector at a time.
        for (j = 0; j < bound && best < 0; j += LANES) {
          VectorMask<Float> hit =
              FloatVector.fromArray(FLOATS, x, xo + j).compare(VectorOperators.EQ, max);
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

  /**
   * The maximum of x[xo, xo+n) for n ≥ LANES: exact in any order (NaN wins, as Math.max), so a
   * lane reduction is safe here, unlike for sums.
   */
  private static float rowMax(int n, float[] x, int xo) {
    int bound = FLOATS.loopBound(n);
    FloatVector mv = FloatVector.fromArray(FLOATS, x, xo);
    int j = LANES;
    for (; j < bound; j += LANES) {
      mv = mv.max(FloatVector.fromArray(FLOATS, x, xo + j));
    }
    float max = mv.reduceLanes(VectorOperators.MAX);
    for (; j < n; j++) {
      max = Math.max(max, x[xo + j]);
    }
    return max;
  }
}
