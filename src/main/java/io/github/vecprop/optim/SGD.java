package io.github.vecprop.optim;

import io.github.vecprop.kernel.UpdateKernels;
import io.github.vecprop.nn.Parameter;

/**
 * Plain SGD: p −= lr·g, element-wise. Default lr 0.1, the seed's learning_rate (the book's class
 * defaults to 0.01). No state slots. Single-writer, like every {@link Optimizer}.
 */
public final class SGD extends Optimizer {
  /** The seed program's learning rate, 0.1. */
  public static final float DEFAULT_LR = 0.1f;

  /** SGD with lr {@link #DEFAULT_LR}. */
  public SGD() {
    this(DEFAULT_LR);
  }

  /**
   * SGD with the given learning rate.
   *
   * @param lr the learning rate, positive and finite
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public SGD(float lr) {
    super("sgd", lr);
  }

  @Override
  void apply(int i, Parameter p) {
    UpdateKernels.sgdUpdate(p.size(), lr, p.grad(), 0, p.value(), 0);
  }
}
