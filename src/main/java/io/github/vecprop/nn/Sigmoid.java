package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;

/** y = 1 / (1 + e^−x). Caches its output; backward is dx = dout·(1 − y)·y. */
public class Sigmoid implements Layer {
  final String name;
  final int size;
  float[] y = new float[0];
  float[] dx = new float[0];
  int batch;
  int capacity;

  public Sigmoid(String name, int size) {
    if (size <= 0) {
      throw new IllegalArgumentException(name + ": size must be positive, got " + size);
    }
    this.name = name;
    this.size = size;
  }

  public Sigmoid(int size) {
    this("Sigmoid", size);
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
    if (batch > capacity) {
      y = new float[batch * size];
      dx = new float[batch * size];
      capacity = batch;
    }
    this.batch = batch;
    Kernels.sigmoid(batch * size, x, 0, y, 0);
    return y;
  }

  @Override
  public float[] backward(float[] dout) {
    Buffers.checkBackward(name, batch, dout, size);
    Kernels.sigmoidBackward(batch * size, y, 0, dout, 0, dx, 0);
    return dx;
  }

  @Override
  public String toString() {
    return name + "(" + size + ")";
  }
}
