package io.github.vecprop.nn;

/**
 * A parameter-free element-wise activation that caches its output y (all that ReLU and Sigmoid
 * need for backward) in buffers grown only for a larger batch. Subclasses name the two kernels.
 */
public abstract class ElementwiseLayer implements Layer {
  final String name;
  final int size;
  float[] y = new float[0];
  float[] dx = new float[0];
  int batch;
  int capacity;

  protected ElementwiseLayer(String name, int size) {
    if (size <= 0) {
      throw new IllegalArgumentException(name + ": size must be positive, got " + size);
    }
    this.name = name;
    this.size = size;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inputSize() {
    return size;
  }

  @Override
  public int outputSize() {
    return size;
  }

  @Override
  public Parameter[] parameters() {
    return new Parameter[0];
  }

  @Override
  public float[] forward(float[] x, int batch) {
    Buffers.checkForward(name, x, batch, size);
    reserve(batch);
    this.batch = batch;
    apply(batch * size, x, y);
    return y;
  }

  @Override
  public float[] backward(float[] dout) {
    Buffers.checkBackward(name, batch, dout, size);
    applyBackward(batch * size, y, dout, dx);
    return dx;
  }

  @Override
  public void reserve(int batch) {
    if (batch > capacity) {
      y = new float[batch * size];
      dx = new float[batch * size];
      capacity = batch;
    }
  }

  /** y = f(x) over n elements. */
  protected abstract void apply(int n, float[] x, float[] y);

  /** dx from the cached output y and the upstream gradient, over n elements. */
  protected abstract void applyBackward(int n, float[] y, float[] dout, float[] dx);

  @Override
  public String toString() {
    return name + "(" + size + ")";
  }
}
