package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.FloatVector;

/**
 * The per-feature kernels of the normalising layers on the Vector API: element-wise products
 * and one FMA per element with a per-column scale. Each loop runs whole vectors along a row up
 * to {@code loopBound(n)}, then a scalar tail with {@code Math.fma}, the twin's operation, so an
 * element's bits depend neither on the lane count nor on where its row starts.
 */
final class PanamaRows {
  private PanamaRows() {}

  static void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
      int outOff) {
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i).mul(FloatVector.fromArray(FLOATS, y, yOff + i))
          .intoArray(out, outOff + i);
    }
    for (; i < n; i++) {
      out[outOff + i] = x[xOff + i] * y[yOff + i];
    }
  }

  static void scaleShiftRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff,
      float[] shift, int shiftOff, float[] out, int outOff) {
    int bound = FLOATS.loopBound(n);
    for (int i = 0; i < m; i++) {
      int r = i * n;
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(FLOATS, x, xOff + r + j)
            .fma(FloatVector.fromArray(FLOATS, scale, scaleOff + j),
                FloatVector.fromArray(FLOATS, shift, shiftOff + j))
            .intoArray(out, outOff + r + j);
      }
      for (; j < n; j++) {
        out[outOff + r + j] = Math.fma(x[xOff + r + j], scale[scaleOff + j], shift[shiftOff + j]);
      }
    }
  }

  static void scaleAddRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff,
      float[] y, int yOff, float[] out, int outOff) {
    int bound = FLOATS.loopBound(n);
    for (int i = 0; i < m; i++) {
      int r = i * n;
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(FLOATS, x, xOff + r + j)
            .fma(FloatVector.fromArray(FLOATS, scale, scaleOff + j),
                FloatVector.fromArray(FLOATS, y, yOff + r + j))
            .intoArray(out, outOff + r + j);
      }
      for (; j < n; j++) {
        out[outOff + r + j] = Math.fma(x[xOff + r + j], scale[scaleOff + j], y[yOff + r + j]);
      }
    }
  }
}
