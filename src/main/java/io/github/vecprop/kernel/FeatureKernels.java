package io.github.vecprop.kernel;

/**
 * Per-feature kernels over flat row-major {@code float[]}, the arithmetic of the normalising and
 * masking layers (BatchNorm, Dropout): element-wise products and one fused multiply-add per
 * element with a per-column scale: one room of the {@link Kernels} facade.
 *
 * <p>Conventions, the same-bits guarantee and thread safety are those of {@link Kernels}: shapes
 * and offsets are checked once ({@link IllegalArgumentException} naming the operand), then the
 * call runs on the element-wise family's current implementation, the plain-Java twin or the
 * Vector API, with the same bits either way (each element one operation, or one
 * {@code Math.fma}, so neither the lane count nor a row's batch changes a bit).
 */
public final class FeatureKernels {

  private FeatureKernels() {}

  /**
   * out = x·y element by element. x, y n read; out n written; out may be x or y.
   * @param n elements
   * @param x n floats at xOff: read
   * @param xOff offset of x[0] in x
   * @param y n floats at yOff: read
   * @param yOff offset of y[0] in y
   * @param out n floats at outOff: written
   * @param outOff offset of out[0] in out
   * @throws IllegalArgumentException on a negative n, or an array null or short
   */
  public static void multiply(int n, float[] x, int xOff, float[] y, int yOff, float[] out,
      int outOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("y", y, yOff, n);
    Checks.range("out", out, outOff, n);
    Kernels.features().multiply(n, x, xOff, y, yOff, out, outOff);
  }

  /**
   * out[i,j] = fma(x[i,j], scale[j], shift[j]) for an m×n block: a per-column affine map
   * (x − μ is scale 1 and shift −μ, exactly). x m×n read, scale and shift n read, out m×n
   * written; out may be x.
   * @param m rows
   * @param n columns (features)
   * @param x m×n at xOff: read
   * @param xOff offset of x[0,0] in x
   * @param scale n floats at scaleOff: read
   * @param scaleOff offset of scale[0]
   * @param shift n floats at shiftOff: read
   * @param shiftOff offset of shift[0]
   * @param out m×n at outOff: written
   * @param outOff offset of out[0,0] in out
   * @throws IllegalArgumentException on a negative dimension, or an array null or short
   */
  public static void scaleShiftRows(int m, int n, float[] x, int xOff, float[] scale,
      int scaleOff, float[] shift, int shiftOff, float[] out, int outOff) {
    Checks.dims(m, n, 0);
    Checks.range("x", x, xOff, (long) m * n);
    Checks.range("scale", scale, scaleOff, n);
    Checks.range("shift", shift, shiftOff, n);
    Checks.range("out", out, outOff, (long) m * n);
    Kernels.features().scaleShiftRows(m, n, x, xOff, scale, scaleOff, shift, shiftOff, out,
        outOff);
  }

  /**
   * out[i,j] = fma(x[i,j], scale[j], y[i,j]) for m×n blocks. x, y m×n read, scale n read, out
   * m×n written; out may be x or y.
   * @param m rows
   * @param n columns (features)
   * @param x m×n at xOff: read
   * @param xOff offset of x[0,0] in x
   * @param scale n floats at scaleOff: read
   * @param scaleOff offset of scale[0]
   * @param y m×n at yOff: read (the addend)
   * @param yOff offset of y[0,0] in y
   * @param out m×n at outOff: written
   * @param outOff offset of out[0,0] in out
   * @throws IllegalArgumentException on a negative dimension, or an array null or short
   */
  public static void scaleAddRows(int m, int n, float[] x, int xOff, float[] scale, int scaleOff,
      float[] y, int yOff, float[] out, int outOff) {
    Checks.dims(m, n, 0);
    Checks.range("x", x, xOff, (long) m * n);
    Checks.range("scale", scale, scaleOff, n);
    Checks.range("y", y, yOff, (long) m * n);
    Checks.range("out", out, outOff, (long) m * n);
    Kernels.features().scaleAddRows(m, n, x, xOff, scale, scaleOff, y, yOff, out, outOff);
  }
}
