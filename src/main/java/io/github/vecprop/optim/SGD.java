package io.github.vecprop.optim;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.nn.Parameter;

/** p −= lr·g. Default lr 0.1, the seed's learning_rate (the book's class defaults to 0.01). */
public final class SGD extends Optimizer {
  public static final float DEFAULT_LR = 0.1f;

  public SGD() {
    this(DEFAULT_LR);
  }

  public SGD(float lr) {
    super("sgd", lr);
  }

  @Override
  void apply(int i, Parameter p) {
    Kernels.sgdUpdate(p.size(), lr, p.grad(), 0, p.value(), 0);
  }
}
