package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.kernel.UpdateKernels;
import io.github.vecprop.kernel.LossKernels;

/**
 * The terminal layer: row-wise softmax then mean cross-entropy −Σ log(y_t + 1e-7) / batch (the
 * guard is {@link Kernels#LOG_GUARD}, as in the book). Labels are class indices ({@code int[]},
 * the fast path) or one-hot rows ({@code float[] batch × classes}, the seed's form).
 *
 * <p>Caches the probabilities and a reference to the labels; backward returns
 * dx = dout·(y − t) / batch. Softmax subtracts the row maximum, so huge logits stay finite.
 * Buffers grow only for a batch larger than any before. Single-writer, like every layer.
 */
public class SoftmaxWithLoss {
  final int classes;
  float[] y = new float[0];
  float[] dx = new float[0];
  int batch;
  int capacity;
  int[] labels;
  float[] oneHot;

  /**
   * A loss layer over {@code classes} logits per row.
   *
   * @param classes the number of classes, at least 1
   * @throws IllegalArgumentException when classes is not positive
   */
  public SoftmaxWithLoss(int classes) {
    if (classes <= 0) {
      throw new IllegalArgumentException("SoftmaxWithLoss: classes must be positive, got " + classes);
    }
    this.classes = classes;
  }

  /**
   * The name used in messages.
   *
   * @return "SoftmaxWithLoss"
   */
  public String name() {
    return "SoftmaxWithLoss";
  }

  /**
   * The number of classes.
   *
   * @return logits per row
   */
  public int classes() {
    return classes;
  }

  /**
   * The softmax output of the last forward.
   *
   * @return the live buffer; its first {@code batch() × classes()} elements are valid
   */
  public float[] probabilities() {
    return y;
  }

  /**
   * The batch of the last forward.
   *
   * @return rows of the last forward, 0 before any
   */
  public int batch() {
    return batch;
  }

  private void prepare(float[] x, int batch) {
    Buffers.checkForward(name(), x, batch, classes);
    reserve(batch);
    this.batch = batch;
    LossKernels.softmaxRows(batch, classes, x, 0, y, 0);
  }

  /**
   * Allocates the probability and gradient buffers for batches up to {@code batch} now; a
   * smaller batch than any reserved before does nothing.
   *
   * @param batch the largest batch to be passed to forward
   */
  public void reserve(int batch) {
    if (batch > capacity) {
      y = new float[batch * classes];
      dx = new float[batch * classes];
      capacity = batch;
    }
  }

  /**
   * Softmax, then the mean loss −Σ log(y_label + 1e-7) / batch, with class-index labels. Keeps a
   * reference to the labels for backward.
   *
   * @param x read: {@code batch × classes} logits from offset 0
   * @param batch rows, at least 1
   * @param labels read: {@code labels[0, batch)}, each in [0, classes)
   * @return the mean loss in nats
   * @throws IllegalArgumentException when batch is not positive, x or labels is null or too
   *     short, or a label is out of range
   */
  public float forward(float[] x, int batch, int[] labels) {
    prepare(x, batch);
    this.labels = labels;
    this.oneHot = null;
    return LossKernels.crossEntropy(batch, classes, y, 0, labels, 0);
  }

  /**
   * Softmax, then the mean loss −Σ t·log(y + 1e-7) / batch, with one-hot label rows. Keeps a
   * reference to the rows for backward.
   *
   * @param x read: {@code batch × classes} logits from offset 0
   * @param batch rows, at least 1
   * @param oneHot read: {@code batch × classes} target rows
   * @return the mean loss in nats
   * @throws IllegalArgumentException when batch is not positive or x or oneHot is null or too
   *     short
   */
  public float forward(float[] x, int batch, float[] oneHot) {
    prepare(x, batch);
    this.labels = null;
    this.oneHot = oneHot;
    return LossKernels.crossEntropyOneHot(batch, classes, y, 0, oneHot, 0);
  }

  /**
   * dx = (y − t) / batch, the gradient of the loss itself (upstream 1, the book's default).
   *
   * @return the layer's dx buffer, {@code batch × classes} valid until the next backward
   * @throws IllegalStateException when called before any forward
   */
  public float[] backward() {
    return backward(1f);
  }

  /**
   * dx = dout·(y − t) / batch for a scalar upstream gradient dout.
   *
   * @param dout the upstream gradient of the loss
   * @return the layer's dx buffer, {@code batch × classes} valid until the next backward
   * @throws IllegalStateException when called before any forward
   */
  public float[] backward(float dout) {
    Buffers.checkBackward(name(), batch, y, classes);
    if (labels != null) {
      LossKernels.softmaxLossBackward(batch, classes, y, 0, labels, 0, dx, 0);
    } else {
      LossKernels.softmaxLossBackwardOneHot(batch, classes, y, 0, oneHot, 0, dx, 0);
    }
    if (dout != 1f) {
      UpdateKernels.scale(batch * classes, dout, dx, 0);
    }
    return dx;
  }

  @Override
  public String toString() {
    return name() + "(" + classes + ")";
  }
}
