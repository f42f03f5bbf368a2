package io.github.vecprop.kernel;

import static io.github.vecprop.kernel.VectorConstants.BYTES;
import static io.github.vecprop.kernel.VectorConstants.FLOATS;
import static io.github.vecprop.kernel.VectorConstants.INTS;
import static io.github.vecprop.kernel.VectorConstants.LANES;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Element-wise kernels and reductions on the Vector API: bias, activations, BLAS-1, the pixel
 * conversion, column sums and the ordered sum. Each loop: whole vectors up to
 * {@code loopBound(n)}, then a scalar tail that applies the same operations as the twin (its
 * exp is {@link ScalarMath#exp}), so an element's bits do not depend on whether it fell in a
 * vector or in the tail, nor on where the block started.
 */
final class PanamaElementwise {
  private PanamaElementwise() {}

  static void addRowVector(int m, int n, float[] x, int xOff, float[] bias, int biasOff) {
    int bound = FLOATS.loopBound(n);
    for (int i = 0; i < m; i++) {
      int xi = xOff + i * n;
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(FLOATS, x, xi + j)
            .add(FloatVector.fromArray(FLOATS, bias, biasOff + j))
            .intoArray(x, xi + j);
      }
      for (; j < n; j++) {
        x[xi + j] += bias[biasOff + j];
      }
    }
  }

  /** Column strips of one vector, summed down the rows in a register from +0: out written once. */
  static void columnSums(int m, int n, float[] x, int xOff, float[] out, int outOff) {
    int bound = FLOATS.loopBound(n);
    int j = 0;
    for (; j < bound; j += LANES) {
      FloatVector acc = FloatVector.zero(FLOATS);
      for (int i = 0, xi = xOff + j; i < m; i++, xi += n) {
        acc = acc.add(FloatVector.fromArray(FLOATS, x, xi));
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

  static float sum(int n, float[] x, int xOff) {
    return VectorMath.orderedSum(n, x, xOff, Scratch.get().lanes);
  }

  /**
   * {@link KernelSupport#copyRows}: each row in vectors, the last one ending at the row's end
   * (overlapping the one before), so a row of 24 floats is two 16-lane loads and stores where
   * {@code System.arraycopy} costs a call: the book's im2col, 25 × 24 rows of 24 per sample, went
   * from about 4 to 1 µs (Zen 5, 2026-12-04). Rows shorter than a vector are copied whole.
   */
  static void copyRows(int rows, int len, float[] src, int srcOff, int srcStride, float[] dst,
      int dstOff, int dstStride) {
    if (len < LANES) {
      for (int r = 0; r < rows; r++) {
        System.arraycopy(src, srcOff + r * srcStride, dst, dstOff + r * dstStride, len);
      }
      return;
    }
    int last = len - LANES;
    for (int r = 0; r < rows; r++) {
      int s = srcOff + r * srcStride;
      int d = dstOff + r * dstStride;
      for (int i = 0; i < last; i += LANES) {
        FloatVector.fromArray(FLOATS, src, s + i).intoArray(dst, d + i);
      }
      FloatVector.fromArray(FLOATS, src, s + last).intoArray(dst, d + last);
    }
  }

  static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i).max(0f).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = Math.max(x[xOff + i], 0f);
    }
  }

  static void reluBackward(int n, float[] x, int xOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    int bound = FLOATS.loopBound(n);
    FloatVector zero = FloatVector.zero(FLOATS);
    int i = 0;
    for (; i < bound; i += LANES) {
      VectorMask<Float> pos =
          FloatVector.fromArray(FLOATS, x, xOff + i).compare(VectorOperators.GT, 0f);
      zero.blend(FloatVector.fromArray(FLOATS, dout, doutOff + i), pos).intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      dx[dxOff + i] = x[xOff + i] > 0f ? dout[doutOff + i] : 0f;
    }
  }

  static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
    int bound = FLOATS.loopBound(n);
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector e = VectorMath.exp(FloatVector.fromArray(FLOATS, x, xOff + i).neg());
      one.div(e.add(1f)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = 1f / (ScalarMath.exp(-x[xOff + i]) + 1f);
    }
  }

  static void sigmoidBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector yv = FloatVector.fromArray(FLOATS, y, yOff + i);
      FloatVector.fromArray(FLOATS, dout, doutOff + i)
          .mul(yv.neg().add(1f))
          .mul(yv)
          .intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      float yi = y[yOff + i];
      dx[dxOff + i] = dout[doutOff + i] * (1f - yi) * yi;
    }
  }

  static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
    int bound = FLOATS.loopBound(n);
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    FloatVector two = FloatVector.broadcast(FLOATS, 2f);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector e = VectorMath.exp(FloatVector.fromArray(FLOATS, x, xOff + i).mul(2f));
      one.sub(two.div(e.add(1f))).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = 1f - 2f / (ScalarMath.exp(2f * x[xOff + i]) + 1f);
    }
  }

  static void tanhBackward(int n, float[] y, int yOff, float[] dout, int doutOff, float[] dx,
      int dxOff) {
    int bound = FLOATS.loopBound(n);
    FloatVector one = FloatVector.broadcast(FLOATS, 1f);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector yv = FloatVector.fromArray(FLOATS, y, yOff + i);
      FloatVector.fromArray(FLOATS, dout, doutOff + i)
          .mul(yv.neg().fma(yv, one))
          .intoArray(dx, dxOff + i);
    }
    for (; i < n; i++) {
      float yi = y[yOff + i];
      dx[dxOff + i] = dout[doutOff + i] * Math.fma(-yi, yi, 1f);
    }
  }

  /** Multiply, then add (not an FMA): the order the twin's {@code y += alpha·x} rounds in. */
  static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i)
          .mul(alpha)
          .add(FloatVector.fromArray(FLOATS, y, yOff + i))
          .intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] += alpha * x[xOff + i];
    }
  }

  static void scale(int n, float alpha, float[] x, int xOff) {
    int bound = FLOATS.loopBound(n);
    int i = 0;
    for (; i < bound; i += LANES) {
      FloatVector.fromArray(FLOATS, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
    }
    for (; i < n; i++) {
      x[xOff + i] *= alpha;
    }
  }

  static void unsignedBytesToUnit(int n, byte[] src, int srcOff, float[] dst, int dstOff) {
    int bound = BYTES.loopBound(n);
    float inv = 1f / 255f;
    int i = 0;
    for (; i < bound; i += LANES) {
      IntVector wide = (IntVector) ByteVector.fromArray(BYTES, src, srcOff + i)
          .convertShape(VectorOperators.B2I, INTS, 0);
      ((FloatVector) wide.and(0xFF).convert(VectorOperators.I2F, 0))
          .mul(inv)
          .intoArray(dst, dstOff + i);
    }
    for (; i < n; i++) {
      dst[dstOff + i] = (src[srcOff + i] & 0xFF) * inv;
    }
  }
}
