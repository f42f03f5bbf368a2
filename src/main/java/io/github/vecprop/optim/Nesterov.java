package io.github.vecprop.optim;

import io.github.vecprop.kernel.UpdateKernels;
import io.github.vecprop.nn.Parameter;

/**
 * Nesterov's accelerated gradient in the book's form: v = μ·v − lr·g; p += μ²·v − (1+μ)·lr·g.
 * Book defaults lr 0.01, μ 0.9. Slot "v". Single-writer, like every {@link Optimizer}.
 */
public final class Nesterov extends Optimizer {
  /** The book's default learning rate, 0.01. */
  public static final float DEFAULT_LR = 0.01f;
  /** The book's default μ, 0.9. */
  public static final float DEFAULT_MOMENTUM = 0.9f;
  private final float momentum;

  /** Nesterov with the book's defaults. */
  public Nesterov() {
    this(DEFAULT_LR, DEFAULT_MOMENTUM);
  }

  /**
   * Nesterov with the given learning rate and μ 0.9.
   *
   * @param lr the learning rate, positive and finite
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public Nesterov(float lr) {
    this(lr, DEFAULT_MOMENTUM);
  }

  /**
   * Nesterov with the given hyperparameters (μ is taken as given, unchecked).
   *
   * @param lr the learning rate, positive and finite
   * @param momentum μ, the decay of the velocity
   * @throws IllegalArgumentException when lr is not positive and finite
   */
  public Nesterov(float lr, float momentum) {
    super("nesterov", lr, "v");
    this.momentum = momentum;
  }

  /**
   * The velocity decay.
   *
   * @return μ
   */
  public float momentum() {
    return momentum;
  }

  @Override
  void apply(int i, Parameter p) {
    UpdateKernels.nesterovUpdate(p.size(), lr, momentum, p.grad(), 0, slots[0][i], 0, p.value(), 0);
  }
}
