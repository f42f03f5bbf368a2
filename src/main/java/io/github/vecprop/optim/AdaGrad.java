package io.github.vecprop.optim;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.nn.Parameter;

/** h += g²; p −= lr·g / (√h + 1e-7). Book default lr 0.01. Slot "h". */
public final class AdaGrad extends Optimizer {
  public static final float DEFAULT_LR = 0.01f;
  /** The book's 1e-7. */
  public static final float EPS = 1e-7f;

  public AdaGrad() {
    this(DEFAULT_LR);
  }

  public AdaGrad(float lr) {
    super("adagrad", lr, "h");
  }

  @Override
  void apply(int i, Parameter p) {
    Kernels.adaGradUpdate(p.size(), lr, EPS, p.grad(), 0, slots[0][i], 0, p.value(), 0);
  }
}
