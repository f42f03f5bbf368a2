package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;

/**
 * The fully connected layer y = x·W + b (the book's {@code Affine}). W is {@code in × out}, b is
 * {@code 1 × out}, both shared by reference with the network.
 *
 * <p>Caches a reference to its input x (the caller must not change x before backward). Backward
 * writes dW = xᵀ·dout ({@link Kernels#gemmTransA}), db = column sums of dout and, unless turned
 * off with {@link #setComputeInputGradient(boolean)}, dx = dout·Wᵀ ({@link Kernels#gemmTransB}).
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

  /** An affine layer over the given W ({@code in × out}) and b ({@code 1 × out}). */
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

  /** A zero-initialised layer with parameters named "W" and "b". */
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

  public Parameter weight() {
    return w;
  }

  public Parameter bias() {
    return b;
  }

  /**
   * Whether backward computes dx (default true). The first layer of a network never needs it:
   * turning it off saves the batch × in × out GEMM; backward then returns {@code null}.
   */
  public void setComputeInputGradient(boolean on) {
    this.computeInputGradient = on;
  }

  public boolean computesInputGradient() {
    return computeInputGradient;
  }

  @Override
  public Parameter[] parameters() {
    return new Parameter[] {w, b};
  }

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

  /** Output buffer for {@code batch} rows; dx too, unless this layer does not compute it. */
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
