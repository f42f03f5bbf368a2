package io.github.vecprop.nn;

/**
 * A parameter-free element-wise activation that caches its output y (all that ReLU and Sigmoid
 * need for backward) in buffers grown only for a larger batch. Subclasses name the two kernels.
 *
 * <p>Shapes: x, y, dout and dx are all {@code batch × size}, flat row-major, read from offset 0.
 * The y and dx buffers belong to the layer and are overwritten by the next call. Single-writer,
 * like every {@link Layer}.
 */
public abstract class ElementwiseLayer implements Layer {
  final String name;
  final int size;
  float[] y = new float[0];
  float[] dx = new float[0];
  int batch;
  int capacity;

  /**
   * A layer over {@code size} units per row.
   *
   * @param name the layer's name in messages, e.g. "Relu1"
   * @param size units per row, input and output alike
   * @throws IllegalArgumentException when {@code size} is not positive
   */
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

  /**
   * y = f(x) over {@code batch × size} elements; y is cached for backward.
   *
   * @param x read: {@code batch × size} floats from offset 0; not kept
   * @param batch rows, at least 1
   * @return the layer's output buffer, {@code batch × size} valid until the next forward
   * @throws IllegalArgumentException when batch is not positive or x is null or too short
   */
  @Override
  public float[] forward(float[] x, int batch) {
    Buffers.checkForward(name, x, batch, size);
    reserve(batch);
    this.batch = batch;
    apply(batch * size, x, y);
    return y;
  }

  /**
   * dx from the cached output and the upstream gradient.
   *
   * @param dout read: {@code batch × size} upstream gradient of the last forward's batch
   * @return the layer's dx buffer, {@code batch × size} valid until the next backward
   * @throws IllegalStateException when called before any forward
   * @throws IllegalArgumentException when dout is null or too short
   */
  @Override
  public float[] backward(float[] dout) {
    Buffers.checkBackward(name, batch, dout, size);
    applyBackward(batch * size, y, dout, dx);
    return dx;
  }

  /**
   * Allocates the y and dx buffers for up to {@code batch} rows now; a smaller batch than any
   * reserved before does nothing.
   *
   * @param batch the largest batch to be passed to forward
   */
  @Override
  public void reserve(int batch) {
    if (batch > capacity) {
      y = new float[batch * size];
      dx = new float[batch * size];
      capacity = batch;
    }
  }

  /**
   * y = f(x) over n elements, from offset 0.
   *
   * @param n elements ({@code batch × size})
   * @param x read
   * @param y written (the layer's own buffer, at least n long)
   */
  protected abstract void apply(int n, float[] x, float[] y);

  /**
   * dx from the cached output y and the upstream gradient, over n elements, from offset 0.
   *
   * @param n elements ({@code batch × size})
   * @param y read: the output of the last forward
   * @param dout read: the upstream gradient
   * @param dx written (the layer's own buffer, at least n long)
   */
  protected abstract void applyBackward(int n, float[] y, float[] dout, float[] dx);

  @Override
  public String toString() {
    return name + "(" + size + ")";
  }
}
