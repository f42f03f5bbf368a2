package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;

/**
 * The terminal layer: row-wise softmax then mean cross-entropy −Σ log(y_t + 1e-7) / batch (the
 * guard is {@link Kernels#LOG_GUARD}, as in the book). Labels are class indices ({@code int[]},
 * the fast path) or one-hot rows ({@code float[] batch × classes}, the seed's form).
 *
 * <p>Caches the probabilities and a reference to the labels; backward returns
 * dx = dout·(y − t) / batch. Softmax subtracts the row maximum, so huge logits stay finite.
 */
public class SoftmaxWithLoss {
  final int classes;
  float[] y = new float[0];
  float[] dx = new float[0];
  int batch;
  int capacity;
  int[] labels;
  float[] oneHot;

  public SoftmaxWithLoss(int classes) {
    if (classes <= 0) {
      throw new IllegalArgumentException("SoftmaxWithLoss: classes must be positive, got " + classes);
    }
    this.classes = classes;
  }

  public String name() {
    return "SoftmaxWithLoss";
  }

  public int classes() {
    return classes;
  }

  /** The softmax output of the last forward: batch × classes valid; a live buffer. */
  public float[] probabilities() {
    return y;
  }

  /** The batch of the last forward (0 before any). */
  public int batch() {
    return batch;
  }

  private void prepare(float[] x, int batch) {
    Buffers.checkForward(name(), x, batch, classes);
    reserve(batch);
    this.batch = batch;
    Kernels.softmaxRows(batch, classes, x, 0, y, 0);
  }

  /** Allocates the probability and gradient buffers for batches up to {@code batch}. */
  public void reserve(int batch) {
    if (batch > capacity) {
      y = new float[batch * classes];
      dx = new float[batch * classes];
      capacity = batch;
    }
  }

  /** Mean loss over {@code batch} rows of logits x with class-index labels (each in [0, classes)). */
  public float forward(float[] x, int batch, int[] labels) {
    prepare(x, batch);
    this.labels = labels;
    this.oneHot = null;
    return Kernels.crossEntropy(batch, classes, y, 0, labels, 0);
  }

  /** Mean loss over {@code batch} rows of logits x with one-hot label rows. */
  public float forward(float[] x, int batch, float[] oneHot) {
    prepare(x, batch);
    this.labels = null;
    this.oneHot = oneHot;
    return Kernels.crossEntropyOneHot(batch, classes, y, 0, oneHot, 0);
  }

  /** dx = (y − t) / batch, the gradient of the loss itself (upstream 1, the book's default). */
  public float[] backward() {
    return backward(1f);
  }

  /** dx = dout·(y − t) / batch for a scalar upstream gradient dout. */
  public float[] backward(float dout) {
    Buffers.checkBackward(name(), batch, y, classes);
    if (labels != null) {
      Kernels.softmaxLossBackward(batch, classes, y, 0, labels, 0, dx, 0);
    } else {
      Kernels.softmaxLossBackwardOneHot(batch, classes, y, 0, oneHot, 0, dx, 0);
    }
    if (dout != 1f) {
      Kernels.scale(batch * classes, dout, dx, 0);
    }
    return dx;
  }

  @Override
  public String toString() {
    return name() + "(" + classes + ")";
  }
}
