package io.github.vecprop.nn;

import io.github.vecprop.kernel.ActivationKernels;

/** y = 1 / (1 + e^−x). Caches its output; backward is dx = dout·(1 − y)·y. */
public class Sigmoid extends ElementwiseLayer {

  /**
   * A sigmoid over {@code size} units per row.
   *
   * @param name the layer's name in messages
   * @param size units per row
   * @throws IllegalArgumentException when {@code size} is not positive
   */
  public Sigmoid(String name, int size) {
    super(name, size);
  }

  /**
   * A sigmoid named "Sigmoid" over {@code size} units per row.
   *
   * @param size units per row
   * @throws IllegalArgumentException when {@code size} is not positive
   */
  public Sigmoid(int size) {
    this("Sigmoid", size);
  }

  @Override
  protected void apply(int n, float[] x, float[] y) {
    ActivationKernels.sigmoid(n, x, 0, y, 0);
  }

  @Override
  protected void applyBackward(int n, float[] y, float[] dout, float[] dx) {
    ActivationKernels.sigmoidBackward(n, y, 0, dout, 0, dx, 0);
  }
}
