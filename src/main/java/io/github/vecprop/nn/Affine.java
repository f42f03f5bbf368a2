package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;

/**
 * The fully connected layer y = x·W + b (the book's {@code Affine}). W is {@code in × out}, b is
 * {@code 1 × out}, both shared by reference with the network.
 *
 * <p>Caches a reference to its input x (the caller must not change x before backward). Backward
 * writes dW = xᵀ·dout ({@link Kernels#gemmTransA}), db = column sums of dout and, unless turned
 * off with {@link #setComputeInputGradient(boolean)}, dx = dout·Wᵀ ({@link Kernels#gemmTransB}).
 *
 * <p>Shapes: x is {@code batch × in}, the output y {@code batch × out}, dout {@code batch × out},
 * dx {@code batch × in}; all flat row-major {@code float[]} read from offset 0. The output and dx
 * buffers belong to the layer and are overwritten by the next call. Single-writer, like every
 * {@link Layer}.
 */
public class Affine implements Layer {
  final String name;
  final Parameter w;
  final Parameter b;
  final int in;
  final int out;
  private boolean computeInputGradient = true;

  /** The cached input of the last forward and its batch. */
  float[] x;
  int batch;
  float[] y = new float[0];
  float[] dx = new float[0];
  int capacity;

  /**
   * An affine layer over the given parameters, shared by reference (the layer reads their values
   * and overwrites their gradients).
   *
   * @param name the layer's name in messages, e.g. "Affine1"
   * @param w the weight, {@code in × out}
   * @param b the bias, {@code 1 × out}
   * @throws IllegalArgumentException when b is not {@code 1 × w.cols()}
   * @throws NullPointerException when w or b is null
   */
  public Affine(String name, Parameter w, Parameter b) {
    if (b.rows() != 1 || b.cols() != w.cols()) {
      throw new IllegalArgumentException(name + ": bias " + b + " does not match weight " + w);
    }
    this.name = name;
    this.w = w;
    this.b = b;
    this.in = w.rows();
    this.out = w.cols();
  }

  /**
   * A zero-initialised layer named "Affine" with new parameters named "W" and "b".
   *
   * @param in inputs per row
   * @param out outputs per row
   * @throws IllegalArgumentException when {@code in} or {@code out} is not positive
   */
  public Affine(int in, int out) {
    this("Affine", new Parameter("W", in, out), new Parameter("b", 1, out));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputSize() {
    return in;
  }

  @Override
  public int outputSize() {
    return out;
  }

  /**
   * The weight W, shared by reference.
   *
   * @return W, {@code in × out}
   */
  public Parameter weight() {
    return w;
  }

  /**
   * The bias b, shared by reference.
   *
   * @return b, {@code 1 × out}
   */
  public Parameter bias() {
    return b;
  }

  /**
   * Whether backward computes dx (default true). The first layer of a network never needs it:
   * turning it off saves the batch × in × out GEMM; backward then returns {@code null}.
   *
   * @param on true to compute dx, false to skip it
   */
  public void setComputeInputGradient(boolean on) {
    this.computeInputGradient = on;
  }

  /**
   * Whether backward computes dx.
   *
   * @return the value last set by {@link #setComputeInputGradient(boolean)} (default true)
   */
  public boolean computesInputGradient() {
    return computeInputGradient;
  }

  @Override
  public Parameter[] parameters() {
    return new Parameter[] {w, b};
  }

  /**
   * y = x·W + b over {@code batch} rows. Keeps a reference to x for backward.
   *
   * @param x read: {@code batch × in} floats from offset 0 (a longer array is fine)
   * @param batch rows, at least 1
   * @return the layer's output buffer; its first {@code batch × out} elements are valid until the
   *     next forward
   * @throws IllegalArgumentException when batch is not positive or x is null or too short
   */
  @Override
  public float[] forward(float[] x, int batch) {
    Buffers.checkForward(name, x, batch, in);
    reserve(batch);
    this.x = x;
    this.batch = batch;
    Kernels.gemm(batch, out, in, x, 0, w.value(), 0, y, 0, false);
    Kernels.addRowVector(batch, out, y, 0, b.value(), 0);
    return y;
  }

  /**
   * Overwrites dW = xᵀ·dout and db = column sums of dout, then computes dx = dout·Wᵀ unless
   * turned off.
   *
   * @param dout read: {@code batch × out} upstream gradient of the last forward's batch
   * @return the layer's dx buffer ({@code batch × in} valid until the next backward), or
   *     {@code null} when {@link #computesInputGradient()} is false
   * @throws IllegalStateException when called before any forward
   * @throws IllegalArgumentException when dout is null or too short
   */
  @Override
  public float[] backward(float[] dout) {
    Buffers.checkBackward(name, batch, dout, out);
    Kernels.gemmTransA(in, out, batch, x, 0, dout, 0, w.grad(), 0, false);
    Kernels.columnSums(batch, out, dout, 0, b.grad(), 0);
    if (!computeInputGradient) {
      return null;
    }
    if (dx.length < batch * in) {
      dx = new float[capacity * in];
    }
    Kernels.gemmTransB(batch, in, out, dout, 0, w.value(), 0, dx, 0, false);
    return dx;
  }

  /**
   * Allocates the output buffer for up to {@code batch} rows now, and the dx buffer too unless
   * this layer does not compute it; a smaller batch than any reserved before does nothing.
   *
   * @param batch the largest batch to be passed to forward
   */
  @Override
  public void reserve(int batch) {
    if (batch > capacity) {
      y = new float[batch * out];
      dx = computeInputGradient ? new float[batch * in] : new float[0];
      capacity = batch;
    }
  }

  @Override
  public String toString() {
    return name + "(" + in + "→" + out + ")";
  }
}
