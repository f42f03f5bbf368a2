package io.github.vecprop.kernel;

/**
 * Softmax, cross-entropy, the fused softmax-with-loss backward and argmax over flat row-major
 * {@code float[]}: one room of the {@link Kernels} facade.
 *
 * <p>Conventions, the same-bits guarantee and thread safety are those of {@link Kernels}: shapes
 * and offsets are checked once ({@link IllegalArgumentException} naming the operand), then the
 * call runs on the family's current implementation, the plain-Java twin or the Vector API, with
 * the same bits either way.
 */
public final class LossKernels {

  private LossKernels() {}

  /**
   * Row-wise softmax, max-subtracted so ±1e4 logits stay finite. x m×n read, y m×n written; y may
   * be x. Per row: e_j = e^(x_j − max), s = their ordered sum, y_j = e_j·(1/s).
   * @param m rows
   * @param n columns (classes), at least 1
   * @param x logits, m×n at xOff: read
   * @param xOff offset of x[0,0] in x
   * @param y probabilities, m×n at yOff: written
   * @param yOff offset of y[0,0] in y
   * @throws IllegalArgumentException on m &lt; 0, n = 0, a null or short array, y being x elsewhere
   */
  public static void softmaxRows(int m, int n, float[] x, int xOff, float[] y, int yOff) {
    Checks.dims(m, n, 1);
    if (n == 0) {
      throw new IllegalArgumentException("n: softmax needs at least one column, got 0");
    }
    Checks.range("x", x, xOff, m * (long) n);
    Checks.range("y", y, yOff, m * (long) n);
    if (x == y && xOff != yOff) {
      throw new IllegalArgumentException("y: overlaps x at a different offset");
    }
    Kernels.softmax().softmaxRows(m, n, x, xOff, y, yOff);
  }

  /**
   * Mean cross-entropy −Σ log(y[i, label_i] + 1e-7) / m for class-index labels. y m×n read
   * (probabilities), labels m read, each in [0, n).
   * @param m rows (the batch), at least 1
   * @param n columns (classes)
   * @param y probabilities, m×n at yOff: read
   * @param yOff offset of y[0,0] in y
   * @param labels m class indices at labelsOff: read
   * @param labelsOff offset of labels[0] in labels
   * @return the mean loss in nats: logs in double ({@code StrictMath}), added in row order, the
   *     mean rounded to float once
   * @throws IllegalArgumentException on a negative n, m &lt; 1, an array null or short, a label
   *     outside [0, n)
   */
  public static float crossEntropy(int m, int n, float[] y, int yOff, int[] labels, int labelsOff) {
    Checks.checkLabels(m, n, y, yOff, labels, labelsOff);
    return Kernels.softmax().crossEntropy(m, n, y, yOff, labels, labelsOff);
  }

  /**
   * Mean cross-entropy −Σ t·log(y + 1e-7) / m for one-hot rows. y, t m×n read.
   * @param m rows (the batch), at least 1
   * @param n columns (classes)
   * @param y probabilities, m×n at yOff: read
   * @param yOff offset of y[0,0] in y
   * @param t targets, m×n at tOff: read; elements with t = 0 are skipped
   * @param tOff offset of t[0,0] in t
   * @return the mean loss in nats, as {@link #crossEntropy}, added in element order
   * @throws IllegalArgumentException on a negative n, m &lt; 1, or y or t null or short
   */
  public static float crossEntropyOneHot(int m, int n, float[] y, int yOff, float[] t, int tOff) {
    Checks.dims(m, n, 1);
    Checks.positive("m", m);
    Checks.range("y", y, yOff, m * (long) n);
    Checks.range("t", t, tOff, m * (long) n);
    return Kernels.softmax().crossEntropyOneHot(m, n, y, yOff, t, tOff);
  }

  /**
   * The fused softmax-with-loss backward dx = (y − t) / m, one-hot t. y, t m×n read; dx m×n
   * written. Computed as (y − t)·(1/m); dx may be y.
   * @param m rows (the batch), at least 1
   * @param n columns (classes)
   * @param y the softmax output, m×n at yOff: read
   * @param yOff offset of y[0,0] in y
   * @param t targets, m×n at tOff: read
   * @param tOff offset of t[0,0] in t
   * @param dx m×n at dxOff: written
   * @param dxOff offset of dx[0,0] in dx
   * @throws IllegalArgumentException on a negative n, m &lt; 1, an array null or short, dx being t
   */
  public static void softmaxLossBackwardOneHot(int m, int n, float[] y, int yOff, float[] t,
      int tOff, float[] dx, int dxOff) {
    Checks.dims(m, n, 1);
    Checks.positive("m", m);
    Checks.range("y", y, yOff, m * (long) n);
    Checks.range("t", t, tOff, m * (long) n);
    Checks.range("dx", dx, dxOff, m * (long) n);
    Checks.distinct("dx", dx, "t", t);
    Kernels.softmax().softmaxLossBackwardOneHot(m, n, y, yOff, t, tOff, dx, dxOff);
  }

  /**
   * dx = (y − onehot(labels)) / m. y m×n read, labels m read, dx m×n written (dx may be y).
   * Computed as (y − t)·(1/m).
   * @param m rows (the batch), at least 1
   * @param n columns (classes)
   * @param y the softmax output, m×n at yOff: read
   * @param yOff offset of y[0,0] in y
   * @param labels m class indices in [0, n) at labelsOff: read
   * @param labelsOff offset of labels[0] in labels
   * @param dx m×n at dxOff: written
   * @param dxOff offset of dx[0,0] in dx
   * @throws IllegalArgumentException on a negative n, m &lt; 1, an array null or short, a label
   *     outside [0, n), dx being y at another offset
   */
  public static void softmaxLossBackward(int m, int n, float[] y, int yOff, int[] labels,
      int labelsOff, float[] dx, int dxOff) {
    Checks.checkLabels(m, n, y, yOff, labels, labelsOff);
    Checks.range("dx", dx, dxOff, m * (long) n);
    if (dx == y && dxOff != yOff) {
      throw new IllegalArgumentException("dx: overlaps y at a different offset");
    }
    Kernels.softmax().softmaxLossBackwardIndex(m, n, y, yOff, labels, labelsOff, dx, dxOff);
  }

  /**
   * out[i] = index of the first maximum of row i (NaN never wins, except as the row's first
   * element: the scan moves on only to a strictly greater value). x m×n read, out m written.
   * @param m rows
   * @param n columns, at least 1
   * @param x m×n at xOff: read
   * @param xOff offset of x[0,0] in x
   * @param out m indices in [0, n) at outOff: written
   * @param outOff offset of out[0] in out
   * @throws IllegalArgumentException on a negative m, n = 0, or x or out null or short
   */
  public static void argmaxRows(int m, int n, float[] x, int xOff, int[] out, int outOff) {
    Checks.dims(m, n, 1);
    if (n == 0) {
      throw new IllegalArgumentException("n: argmax needs at least one column, got 0");
    }
    Checks.range("x", x, xOff, m * (long) n);
    if (out == null) {
      throw new IllegalArgumentException("out: is null");
    }
    Checks.rangeLen("out", out.length, outOff, m);
    Kernels.softmax().argmaxRows(m, n, x, xOff, out, outOff);
  }
}
