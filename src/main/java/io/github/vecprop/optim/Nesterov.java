package io.github.vecprop.optim;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.nn.Parameter;

/**
 * Nesterov's accelerated gradient in the book's form: v = μ·v − lr·g; p += μ²·v − (1+μ)·lr·g.
 * Book defaults lr 0.01, μ 0.9. Slot "v".
 */
public final class Nesterov extends Optimizer {
  public static final float DEFAULT_LR = 0.01f;
  public static final float DEFAULT_MOMENTUM = 0.9f;
  private final float momentum;

  public Nesterov() {
    this(DEFAULT_LR, DEFAULT_MOMENTUM);
  }

  public Nesterov(float lr) {
    this(lr, DEFAULT_MOMENTUM);
  }

  public Nesterov(float lr, float momentum) {
    super("nesterov", lr, "v");
    this.momentum = momentum;
  }

  public float momentum() {
    return momentum;
  }

  @Override
  void apply(int i, Parameter p) {
    Kernels.nesterovUpdate(p.size(), lr, momentum, p.grad(), 0, slots[0][i], 0, p.value(), 0);
  }
}
