package io.github.vecprop.kernel;

/**
 * The smooth activations over flat {@code float[]}: sigmoid and tanh, forward and backward, with
 * vecprop's own e^x (never {@code Math.exp}): one room of the {@link Kernels} facade, the
 * activation family.
 *
 * <p>Conventions, the same-bits guarantee and thread safety are those of {@link Kernels}: shapes
 * and offsets are checked once ({@link IllegalArgumentException} naming the operand), then the
 * call runs on the activation family's current implementation, the plain-Java twin or the Vector
 * API, with the same bits either way (each element its own operations in a fixed order, so
 * neither the lane count nor a row's batch changes a bit). ReLU, being exact, stays in
 * {@link Kernels}.
 */
public final class ActivationKernels {

  private ActivationKernels() {}

  /**
   * y = 1 / (1 + e^−x). x n read, y n written; y may be x. e^x is vecprop's own ({@link Kernels}, same bits).
   * @param n elements
   * @param x n floats at xOff: read
   * @param xOff offset of x[0] in x
   * @param y n floats at yOff: written
   * @param yOff offset of y[0] in y
   * @throws IllegalArgumentException on a negative n, or x or y null or short
   */
  public static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("y", y, yOff, n);
    Kernels.activations().sigmoid(n, x, xOff, y, yOff);
  }

  /**
   * dx = dout·(1 − y)·y from the forward output y. y, dout n read; dx n written; dx may be dout.
   * @param n elements
   * @param y the forward output, n floats at yOff: read
   * @param yOff offset of y[0] in y
   * @param dout the upstream gradient, n floats at doutOff: read
   * @param doutOff offset of dout[0] in dout
   * @param dx n floats at dxOff: written
   * @param dxOff offset of dx[0] in dx
   * @throws IllegalArgumentException on a negative n, or an array null or short
   */
  public static void sigmoidBackward(int n, float[] y, int yOff, float[] dout, int doutOff,
      float[] dx, int dxOff) {
    Checks.count(n);
    Checks.range("y", y, yOff, n);
    Checks.range("dout", dout, doutOff, n);
    Checks.range("dx", dx, dxOff, n);
    Kernels.activations().sigmoidBackward(n, y, yOff, dout, doutOff, dx, dxOff);
  }

  /**
   * y = tanh(x), computed as 1 − 2 / (e^(2x) + 1) with vecprop's exp (so ±1 exactly once e^(2x)
   * overflows or vanishes). x n read, y n written; y may be x.
   * @param n elements
   * @param x n floats at xOff: read
   * @param xOff offset of x[0] in x
   * @param y n floats at yOff: written
   * @param yOff offset of y[0] in y
   * @throws IllegalArgumentException on a negative n, or x or y null or short
   */
  public static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
    Checks.count(n);
    Checks.range("x", x, xOff, n);
    Checks.range("y", y, yOff, n);
    Kernels.activations().tanh(n, x, xOff, y, yOff);
  }

  /**
   * dx = dout·(1 − y²) from the forward output y, the factor as {@code Math.fma(−y, y, 1)}. y,
   * dout n read; dx n written; dx may be dout.
   * @param n elements
   * @param y the forward output, n floats at yOff: read
   * @param yOff offset of y[0] in y
   * @param dout the upstream gradient, n floats at doutOff: read
   * @param doutOff offset of dout[0] in dout
   * @param dx n floats at dxOff: written
   * @param dxOff offset of dx[0] in dx
   * @throws IllegalArgumentException on a negative n, or an array null or short
   */
  public static void tanhBackward(int n, float[] y, int yOff, float[] dout, int doutOff,
      float[] dx, int dxOff) {
    Checks.count(n);
    Checks.range("y", y, yOff, n);
    Checks.range("dout", dout, doutOff, n);
    Checks.range("dx", dx, dxOff, n);
    Kernels.activations().tanhBackward(n, y, yOff, dout, doutOff, dx, dxOff);
  }
}
