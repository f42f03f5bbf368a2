package io.github.vecprop.optim;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.nn.Parameter;

/** v = μ·v − lr·g; p += v. Book defaults lr 0.01, μ 0.9. Slot "v". */
public final class Momentum extends Optimizer {
  public static final float DEFAULT_LR = 0.01f;
  public static final float DEFAULT_MOMENTUM = 0.9f;
  private final float momentum;

  public Momentum() {
    this(DEFAULT_LR, DEFAULT_MOMENTUM);
  }

  public Momentum(float lr) {
    this(lr, DEFAULT_MOMENTUM);
  }

  public Momentum(float lr, float momentum) {
    super("momentum", lr, "v");
    this.momentum = momentum;
  }

  public float momentum() {
    return momentum;
  }

  @Override
  void apply(int i, Parameter p) {
    Kernels.momentumUpdate(p.size(), lr, momentum, p.grad(), 0, slots[0][i], 0, p.value(), 0);
  }
}
