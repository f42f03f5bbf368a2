package io.github.vecprop.optim;

import io.github.vecprop.kernel.UpdateKernels;
import io.github.vecprop.nn.Parameter;

/**
 * AdaGrad: h += g²; p −= lr·g / (√h + 1e-7), element-wise. Book default lr 0.01. Slot "h".
 * Single-writer, like every {@link Optimizer}.
 */
public final class AdaGrad extends Optimizer {
  /** The book's default learning rate, 0.01. */
  public static final float DEFAULT_LR = 0.01f;
  /** The book's 1e-7. */
  public static final float EPS = 1e-7f;

  /** AdaGrad with lr {@link #DEFAULT_LR}. */
  public AdaGrad() {
    this(DEFAULT_LR);
  }

  /**
   * AdaGrad with the given learning rate.
   *
   * @param lr the learning rate, positive and finite
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public AdaGrad(float lr) {
    super("adagrad", lr, "h");
  }

  @Override
  void apply(int i, Parameter p) {
    UpdateKernels.adaGradUpdate(p.size(), lr, EPS, p.grad(), 0, slots[0][i], 0, p.value(), 0);
  }
}
