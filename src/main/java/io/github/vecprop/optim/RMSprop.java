package io.github.vecprop.optim;

import io.github.vecprop.kernel.Kernels;
import io.github.vecprop.nn.Parameter;

/** h = ρ·h + (1−ρ)·g²; p −= lr·g / (√h + 1e-7). Book defaults lr 0.01, decay ρ 0.99. Slot "h". */
public final class RMSprop extends Optimizer {
  public static final float DEFAULT_LR = 0.01f;
  public static final float DEFAULT_DECAY = 0.99f;
  /** The book's 1e-7. */
  public static final float EPS = 1e-7f;
  private final float decay;

  public RMSprop() {
    this(DEFAULT_LR, DEFAULT_DECAY);
  }

  public RMSprop(float lr) {
    this(lr, DEFAULT_DECAY);
  }

  public RMSprop(float lr, float decay) {
    super("rmsprop", lr, "h");
    this.decay = decay;
  }

  public float decay() {
    return decay;
  }

  @Override
  void apply(int i, Parameter p) {
    Kernels.rmsPropUpdate(p.size(), lr, decay, EPS, p.grad(), 0, slots[0][i], 0, p.value(), 0);
  }
}
