package io.github.vecprop.nn;

import io.github.vecprop.kernel.Kernels;

/**
 * y = max(x, 0). Caches its output, which is its mask: y &gt; 0 exactly where x &gt; 0, so backward
 * passes dout where y &gt; 0 and 0 elsewhere (at exactly x = 0 the gradient is 0, as in the book).
 */
public class Relu extends ElementwiseLayer {

  /**
   * A ReLU over {@code size} units per row.
   *
   * @param name the layer's name in messages
   * @param size units per row
   * @throws IllegalArgumentException when {@code size} is not positive
   */
  public Relu(String name, int size) {
    super(name, size);
  }

  /**
   * A ReLU named "Relu" over {@code size} units per row.
   *
   * @param size units per row
   * @throws IllegalArgumentException when {@code size} is not positive
   */
  public Relu(int size) {
    this("Relu", size);
  }

  @Override
  protected void apply(int n, float[] x, float[] y) {
    Kernels.relu(n, x, 0, y, 0);
  }

  @Override
  protected void applyBackward(int n, float[] y, float[] dout, float[] dx) {
    Kernels.reluBackward(n, y, 0, dout, 0, dx, 0);
  }
}
