package io.github.vecprop.nn;

import io.github.vecprop.kernel.ActivationKernels;

/** Hyperbolic tangent, y = tanh(x); backward dout·(1 − y²) from the cached output. */
public class Tanh extends ElementwiseLayer {

  /**
   * A tanh layer for rows of {@code size} floats.
   *
   * @param name for messages
   * @param size floats per row, positive
   */
  public Tanh(String name, int size) {
    super(name, size);
  }

  /**
   * A tanh layer named "Tanh".
   *
   * @param size floats per row, positive
   */
  public Tanh(int size) {
    this("Tanh", size);
  }

  @Override
  protected void apply(int n, float[] x, float[] y) {
    ActivationKernels.tanh(n, x, 0, y, 0);
  }

  @Override
  protected void applyBackward(int n, float[] y, float[] dout, float[] dx) {
    ActivationKernels.tanhBackward(n, y, 0, dout, 0, dx, 0);
  }
}
